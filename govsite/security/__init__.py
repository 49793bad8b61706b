"""How the site defends itself: admin login (lockout, idle timeout, password
rules, two-factor), hostile input and security headers."""
