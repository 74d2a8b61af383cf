// StoryloomLua
