-- 0002: stock of physical goods per outlet product, owned by the cloud.
-- products.stock is the outlet's on-hand quantity (NULL = not stock-tracked: top-ups, game cards).
-- Every change of it is published in the outlet's catalog feed as a snapshot: a product upsert carries
-- the stock at that seq, and a stock-only change is an entity 'stock' row {productId, stock}. The feed's
-- seq orders the snapshots; devices never write stock back, they only subtract their own unsynced sales.
ALTER TABLE products ADD COLUMN stock integer;
UPDATE products SET stock = 0 WHERE kind = 'physical';

ALTER TABLE catalog_changes DROP CONSTRAINT catalog_changes_entity_check;
ALTER TABLE catalog_changes ADD CONSTRAINT catalog_changes_entity_check CHECK (entity IN ('product', 'category', 'stock'));
