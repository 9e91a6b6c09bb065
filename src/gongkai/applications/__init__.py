"""Applications for disclosure (依申请公开): registration, the workflow, deadlines, letters and review cases."""
