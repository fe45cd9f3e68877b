"""Qt Designer forms (.ui), loaded at run time with QUiLoader; shipped inside the ui package."""
