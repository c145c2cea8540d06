"""AutonomOS core runtime: settings, errors, tenancy, auth, database, services and the HTTP toolkit.

Packaged as the `core` Lambda layer; every function imports it.
"""
