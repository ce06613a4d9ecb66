"""A stand-in for the city's backend, for the demo and the tests.

It implements ``docs/backend-api.yaml`` over its own SQLite file, with
seeded sample data and fault switches, as a real HTTP server on 127.0.0.1
(Starlette on uvicorn). The kiosk never imports this package: ``kiosk demo``
and ``kiosk backend simulate`` start it as a separate process
(``python -m backend_simulator``), and the kiosk talks to it over HTTP like
it would to the city's servers.
"""
