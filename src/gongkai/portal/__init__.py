"""The public column (政府信息公开专栏): every agency's guide, rules, statutory proactive content and annual
reports, without login, under /gk/<code>/."""
