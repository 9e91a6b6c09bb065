"""Proactive disclosure (主动公开): the register of government information, review before publication,
the catalogue (目录) and the guide (指南) of each agency."""
