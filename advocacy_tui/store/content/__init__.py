"""Steps 4 and 6 in the store, one module each:

- `library`: the asset listing, saving, approval, retiring;
- `drops`: the delivery rules as SQL, the drop picker and coverage;
- `queue`: this week's deliveries per enrolled advocate;
- `feedback`: the inbox, advocates' notes into it, resolving;
- `authenticity`: advocates' own texts per asset, checked for near-identical wording;
- `tick`: the cron-safe tick (drop, reminders, inactivity, top performers, weekly report).
"""
