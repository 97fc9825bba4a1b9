"""xlwings glue for running kommunebench from inside Excel (arrives with a later issue).

Business logic never lives here: the add-in calls ``engine`` and writes results back.
"""
