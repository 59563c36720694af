"""The gemeente's steering figures (stuurinformatie): what its requests, offers, awards and
assignments add up to per period and category, the signals worth a look, and the same per
request as CSV. Aggregated in SQL so that it stays fast at any number of requests; no Flask."""
