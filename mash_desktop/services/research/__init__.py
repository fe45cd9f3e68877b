"""Agency research, need-to-know sharing and the final intelligence package (ISP-1 to ISP-5)."""
