"""Agency research panels, research due and the package composer."""
