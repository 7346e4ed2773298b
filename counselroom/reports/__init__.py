"""PDF, XLSX and chart builders. No Qt; they take plain data from services."""
