"""What an import tells the person who ran it: every row's problems, and nothing written unless all are fine."""

from dataclasses import dataclass, field


@dataclass
class RowError:
    row: int  # 1-based data row number as the person sees it in the file (header is row 1)
    field: str
    reason: str


@dataclass
class ImportReport:
    total_rows: int = 0
    imported: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def add(self, row: int, field_name: str, reason) -> None:
        self.errors.append(RowError(row=row, field=field_name, reason=str(reason)))

    def as_json(self) -> dict:
        return {"ok": self.ok, "total_rows": self.total_rows, "imported": self.imported,
                "errors": [e.__dict__ for e in self.errors]}
