"""The kiosk's end of the city's backend: contract types, client, local replica and outbox, sync.

Qt-free. Everything network-bound runs on one asyncio loop in its own thread
(``network.NetworkLoop``); the screens meet it through background jobs, so
the GUI never waits on the network.
"""
