-- wrk: POST /v1/billing-portal/sessions as the seed's curl does.
wrk.method = "POST"
wrk.body = "customer=cust_8aZ2&return_url=https%3A%2F%2Fexample.com%2Faccount"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["X-Api-Key"] = os.getenv("VINR_KEY")
