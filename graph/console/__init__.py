"""The Cypher console: run statements read-only or with writes, render results as tables, JSON,
CSV or query plans, and drive an interactive prompt that knows the live schema.

Modules: ``runner`` executes one statement, ``values`` turns driver values into plain data,
``render`` prints results and plans, ``params`` parses parameters, ``script`` splits scripts,
``library`` reads the headers of ``cypher/queries/*.cypher``, ``catalog`` reads the live schema,
``completion`` completes from it, ``session`` holds the state of one console and its
``:commands``, ``repl`` is the interactive prompt; ``queries`` holds the console's own Cypher
and ``errors`` its exception.
"""
