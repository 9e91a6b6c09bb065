"""The demo city: agencies, one person per role and two years of applications, for trying gongkai out."""
