"""Exchange rates to the dirham: recorded by admins or imported, quoted on pledges and receipts."""
