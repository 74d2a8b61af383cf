// StoryloomQuery
