"""The SSH door (`advocacy serve-ssh`): advocates reach their own view over SSH.

- `server`: the asyncssh server, its authentication (public keys recorded for enrolled
  advocates only) and its log;
- `session`: one session channel, where a shell on a terminal starts the view and every
  other request is refused;
- `terminal`: the pseudo-terminal each view runs on, and the relay between it and the
  channel;
- `child`: the view's command line and environment;
- `keys`: the door's host key, and whose key a client offers.

The door only runs processes: it never imports Textual.
"""
