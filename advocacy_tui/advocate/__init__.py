"""The advocate's own view (`advocacy queue --advocate EMAIL`, and the SSH door).

An employee sees their weekly queue, writes their own version of each post, copies the
finished post, marks it shared, and reads what their posts did. Everything it reads or
writes goes through one `AdvocateDesk` (store/desk.py), which is scoped to that advocate.
"""
