"""The staff form (`serve`, in a browser): an app factory, its routes and its form, over the same pipeline as the
command line."""
