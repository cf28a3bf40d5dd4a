create table shop_order (
    id              varchar(30)  not null primary key,
    customer_id     varchar(64)  not null,
    customer_name   varchar(400) not null,
    customer_tier   varchar(20)  not null,
    status          varchar(10)  not null,
    subtotal        bigint       not null,
    discount        bigint       not null,
    total           bigint       not null,
    currency        varchar(3)   not null,
    created_at      timestamp(3) with time zone not null,
    idempotency_key varchar(128),
    request_hash    varchar(64)  not null,
    -- Concurrent retries race to insert; this makes exactly one of them win.
    constraint shop_order_idempotency_key unique (idempotency_key)
);

create index shop_order_customer on shop_order (customer_id, created_at);

-- The collections' columns are named as Spring Data JDBC derives them (back reference:
-- the parent table; list index: <parent table>_key), so no name needs quoting on any database.
create table order_line (
    shop_order     varchar(30) not null references shop_order (id),
    shop_order_key int         not null,
    sku        varchar(64) not null,
    quantity   int         not null,
    unit_price bigint      not null,
    line_total bigint      not null,
    primary key (shop_order, shop_order_key)
);

create table order_reason (
    shop_order     varchar(30)   not null references shop_order (id),
    shop_order_key int           not null,
    reason    varchar(1000) not null,
    primary key (shop_order, shop_order_key)
);
