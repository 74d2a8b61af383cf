print("storyloom")
