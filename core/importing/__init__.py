"""Importing the plain-text exports of agency documents.

`source` reads and checks a file; `base` defines a Layout (detect, parse, save) and the
warning/result types; `registry` finds the layout of a file among those the apps register in
their `importers` packages; `service.document_import` runs one import all-or-nothing.
A new document layout is a new small module in an app's `importers` package.
"""
