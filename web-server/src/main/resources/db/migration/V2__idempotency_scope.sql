-- An idempotency key is scoped to the customer and the request's fingerprint: shoppers
-- have no identity, and a key that was global let anyone who sent it learn the order
-- stored under it. The constraint stays the arbiter between concurrent retries, on one
-- instance or several. Portable SQL: H2 and PostgreSQL run this same file.
alter table shop_order drop constraint shop_order_idempotency_key;

alter table shop_order add constraint shop_order_idempotency_scope unique (idempotency_key, customer_id, request_hash);
