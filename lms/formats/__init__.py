"""One date format per language (issue 15): Vietnamese dd/mm/yyyy, English "5 Dec 2026". Templates use the named
formats (``|date:"SHORT_DATE_FORMAT"``, ``|date:"SHORT_DATETIME_FORMAT"``), never a literal pattern."""
