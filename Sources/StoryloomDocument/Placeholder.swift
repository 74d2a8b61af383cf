// StoryloomDocument
