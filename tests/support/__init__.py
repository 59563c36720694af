"""What the tests share and no test is: the world every test database starts with, steps a test
takes (logging in, closing a window), the reference model of the auction, the tables the route
matrix and the personal-data table are built from, and the helpers that start real processes
(which the bench uses too). Nothing here is collected as a test."""
