package io.hypha.block;

class MemoryBlockstoreTest extends BlockstoreContract {
    @Override
    protected Blockstore newStore() {
        return new MemoryBlockstore();
    }
}
