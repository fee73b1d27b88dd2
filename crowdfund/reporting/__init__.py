"""What the ministry reads: the dashboard's figures and charts, and the CSV exports."""
