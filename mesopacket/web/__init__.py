"""The staff web form: an app factory, its routes and its form, over the same pipeline as the command line."""
