package io.hypha.node.store;

class MemoryBlockstoreTest extends BlockstoreContract {
    @Override
    protected Blockstore newStore() {
        return new MemoryBlockstore();
    }
}
