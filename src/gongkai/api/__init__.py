"""The open-data API (政府信息公开开放数据接口): agencies, catalogues, documents, annual reports, at /api/v1/."""
