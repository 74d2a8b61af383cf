// StoryloomBuild
