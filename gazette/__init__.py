"""The application: command line, build orchestration (and later the server).

Only this package opens corpus files and build folders; ``parser`` is pure,
``store`` reads and writes the knowledge base, ``queries`` answers questions.
"""
