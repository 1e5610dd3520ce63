"""Sessions (timesheets, appointments, weekly patterns) that become claims."""
