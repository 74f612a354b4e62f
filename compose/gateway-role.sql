-- Run once by the postgres image when it creates the cluster. The gateway's login role, with no privileges yet:
-- `secq db migrate` (the migrate service) grants it exactly what the gateway needs.
CREATE ROLE secq_gateway LOGIN PASSWORD 'change-me-too';  -- and in ConnectionStrings__SecureQueue
