"""Deal pipeline pages (issue 4): the staff board, list, deal page, IC paper and decision
pages, and the applicant portal's investment applications. Pages hold no rules: each form
calls one service of portfolio.services (the same ones as the API)."""
