"""What the test doubles (tests/invenio_double, tests/reana_double) share: a tornado server on its
own event loop in a thread, the control routes' plumbing, the command line, the pytest fixtures.
"""
