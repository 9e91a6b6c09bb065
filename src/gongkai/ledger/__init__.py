"""Reading an agency's ledger (台账) of applications and of review cases from Excel or CSV (pure: no database;
the system writes what it reads in `gongkai.applications.ledger`, all or nothing).

The rules, as shown to users:

- The ledger (申请台账) needs the columns 申请编号, 申请人类型, 收到日期, 办结日期 and 办理结果; 办结日期 and
  办理结果 stay empty while an application is open. Optional: 申请人, 申请内容, 答复日期.
- The review file (复议诉讼台账) needs 案件编号, 类型 (行政复议 / 直接起诉 / 复议后起诉), 收到日期, 结案日期
  and 结果 (维持 / 纠正 / 其他, empty while pending); optionally 申请编号 linking the case to an application.
- Dates may be written 2024-01-05, 2024/1/5, 2024.1.5, 2024年1月5日, or be Excel date cells.
- The header row is the first row that names the required columns; rows are numbered as Excel shows them.
- All or nothing: if any row is wrong, nothing is imported and every error is listed with its row number.
- Importing the same ledger again changes nothing. A row whose 申请编号 already exists in the agency updates
  that application when it was itself imported from a ledger (e.g. it has been closed since), recording the
  previous and new values as an event; an application registered and handled in the workbench is never
  overwritten by a ledger (such a row must agree with it, or it is an error).
"""

from gongkai.ledger.entries import LedgerEntry, ReviewEntry, read_ledger
from gongkai.ledger.files import ImportFile, LedgerError, RowError

__all__ = ["ImportFile", "LedgerEntry", "LedgerError", "ReviewEntry", "RowError", "read_ledger"]
