package io.hypha.protocol.kad;

import io.hypha.multiaddr.Multiaddr;
import io.hypha.peer.PeerId;
import io.hypha.protocol.kad.routing.KadKey;
import io.hypha.protocol.kad.store.InvalidRecordException;
import io.hypha.protocol.kad.store.ProviderRecord;
import io.hypha.protocol.kad.store.ProviderStore;
import io.hypha.protocol.kad.store.RecordStore;
import io.hypha.protocol.kad.store.RecordValidators;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

/**
 * The answering side of the DHT, without sockets (spec, "RPC messages"): one request in, its response out.
 * FIND_NODE, GET_PROVIDERS, ADD_PROVIDER (no response; only the sender's own record is kept), GET_VALUE,
 * PUT_VALUE (validated, selected against the held record, echoed) and PING are answered; store access runs
 * on {@code storage} so the event loop never waits for a disk. A request that breaks the rules (a key too
 * long, a record for another key) completes exceptionally with {@link KadException}: the handler resets the
 * stream and logs the reason at DEBUG.
 */
public final class KadServer {
    private volatile java.util.function.Consumer<MessageType> onRequest = type -> { };
    private static final System.Logger LOG = System.getLogger(KadServer.class.getName());

    /**
     * Providers looked up for one GET_PROVIDERS answer; the answer is then trimmed to
     * {@link KadProtocol#MAX_OUTBOUND_MESSAGE_SIZE}. Bitswap wants at most 10.
     */
    public static final int MAX_PROVIDERS_PER_ANSWER = 64;

    private final PeerId self;
    private final ClosestPeers closestPeers;
    private final ProviderStore providers;
    private final RecordStore records;
    private final RecordValidators validators;
    private final Clock clock;
    private final Executor storage;

    public KadServer(PeerId self, ClosestPeers closestPeers, ProviderStore providers, RecordStore records,
            RecordValidators validators, Clock clock, Executor storage) {
        this.self = Objects.requireNonNull(self, "self");
        this.closestPeers = Objects.requireNonNull(closestPeers, "closestPeers");
        this.providers = Objects.requireNonNull(providers, "providers");
        this.records = Objects.requireNonNull(records, "records");
        this.validators = Objects.requireNonNull(validators, "validators");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.storage = Objects.requireNonNull(storage, "storage");
    }

    /** Tells {@code listener} the type of every request handled (for metrics); called on the handling thread. */
    public void onRequest(java.util.function.Consumer<MessageType> listener) {
        this.onRequest = java.util.Objects.requireNonNull(listener, "listener");
    }

    /** Answers {@code request} from {@code from}; empty for ADD_PROVIDER, which has no response. */
    public CompletableFuture<Optional<KadMessage>> handle(PeerId from, KadMessage request) {
        onRequest.accept(request.type());
        try {
            return switch (request.type()) {
                case FIND_NODE -> CompletableFuture.completedFuture(Optional.of(findNode(from, request)));
                case GET_PROVIDERS -> getProviders(from, request);
                case ADD_PROVIDER -> addProvider(from, request);
                case GET_VALUE -> getValue(from, request);
                case PUT_VALUE -> putValue(from, request);
                case PING -> CompletableFuture.completedFuture(Optional.of(KadMessage.request(MessageType.PING, null)));
            };
        } catch (RuntimeException e) {
            // a KadException is the request's fault; anything else is ours, and the handler logs it as such
            return CompletableFuture.failedFuture(e);
        }
    }

    /** FIND_NODE: the key is the target's peer id bytes; go answers with closer peers only, no key. */
    private KadMessage findNode(PeerId from, KadMessage request) {
        byte[] key = checkKey(request, KadProtocol.MAX_RECORD_KEY_BYTES);
        return new KadMessage(MessageType.FIND_NODE, null, null, closer(key, from), List.of());
    }

    /** GET_PROVIDERS: the key is a multihash (spec, "Content provider discovery"). */
    private CompletableFuture<Optional<KadMessage>> getProviders(PeerId from, KadMessage request) {
        byte[] key = checkKey(request, KadProtocol.MAX_PROVIDER_KEY_BYTES);
        List<KadPeer> closer = closer(key, from);
        return onStorage(() -> {
            List<KadPeer> found = new ArrayList<>();
            for (ProviderRecord r : providers.get(key, clock.instant(), MAX_PROVIDERS_PER_ANSWER)) {
                found.add(new KadPeer(r.provider(), r.addresses()));
            }
            return Optional.of(new KadMessage(MessageType.GET_PROVIDERS, key, null, closer, found));
        });
    }

    /**
     * ADD_PROVIDER (spec, "Content provider advertisement"): a peer announces itself only; entries for other
     * peers, or without an address to reach the provider at, are ignored, as go-libp2p-kad-dht does.
     */
    private CompletableFuture<Optional<KadMessage>> addProvider(PeerId from, KadMessage request) {
        byte[] key = checkKey(request, KadProtocol.MAX_PROVIDER_KEY_BYTES);
        List<KadPeer> own = new ArrayList<>();
        for (KadPeer p : request.providerPeers()) {
            if (!p.id().equals(from)) {
                LOG.log(System.Logger.Level.DEBUG, () -> from + " announced " + p.id() + " as a provider: ignored");
            } else if (p.addresses().isEmpty()) {
                LOG.log(System.Logger.Level.DEBUG, () -> from + " announced itself as a provider with no address");
            } else {
                own.add(p);
            }
        }
        if (own.isEmpty()) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        return onStorage(() -> {
            Instant now = clock.instant();
            for (KadPeer p : own) {
                List<Multiaddr> addrs = p.addresses();
                if (addrs.size() > KadProtocol.MAX_ADDRESSES_PER_PEER) {
                    addrs = addrs.subList(0, KadProtocol.MAX_ADDRESSES_PER_PEER);
                }
                if (!providers.put(key, new ProviderRecord(from, addrs, now))) {
                    LOG.log(System.Logger.Level.DEBUG, () -> "provider store full: " + from + "'s record refused");
                }
            }
            return Optional.empty();
        });
    }

    /** GET_VALUE: the held record, if it is still valid, and closer peers. */
    private CompletableFuture<Optional<KadMessage>> getValue(PeerId from, KadMessage request) {
        byte[] key = checkKey(request, KadProtocol.MAX_RECORD_KEY_BYTES);
        List<KadPeer> closer = closer(key, from);
        return onStorage(() -> {
            KadRecord record = records.get(key, clock.instant()).filter(r -> valid(key, r)).orElse(null);
            return Optional.of(new KadMessage(MessageType.GET_VALUE, key, record, closer, List.of()));
        });
    }

    /**
     * PUT_VALUE: the record must be for the message's key and valid; when we hold one already the validator
     * picks (ties to the new one, as go does) and an older value is refused. The request is echoed.
     */
    private CompletableFuture<Optional<KadMessage>> putValue(PeerId from, KadMessage request) {
        byte[] key = checkKey(request, KadProtocol.MAX_RECORD_KEY_BYTES);
        KadRecord record = request.record();
        if (record == null) {
            throw new KadException("PUT_VALUE without a record");
        }
        if (!Arrays.equals(record.key(), key)) {
            throw new KadException("PUT_VALUE record is for another key than the message");
        }
        try {
            validators.validate(key, record.value());
        } catch (InvalidRecordException e) {
            throw new KadException("PUT_VALUE of an invalid record: " + e.getMessage(), e);
        }
        // the echo must be sendable, and so must the record when someone asks for it
        KadCodec.trim(request, KadProtocol.MAX_OUTBOUND_MESSAGE_SIZE);
        return onStorage(() -> {
            Instant now = clock.instant();
            Optional<KadRecord> held = records.get(key, now).filter(r -> valid(key, r));
            if (held.isPresent()
                    && validators.select(key, List.of(record.value(), held.get().value())) != 0) {
                throw new KadException("PUT_VALUE of a value older than the one held");
            }
            KadRecord stored = new KadRecord(key, record.value(), DateTimeFormatter.ISO_INSTANT.format(now));
            // a GET_VALUE answer carries it with its time: that must fit too
            KadCodec.trim(new KadMessage(MessageType.GET_VALUE, key, stored, List.of(), List.of()),
                    KadProtocol.MAX_OUTBOUND_MESSAGE_SIZE);
            if (!records.put(stored, now)) {
                throw new KadException("record store full: PUT_VALUE from " + from + " refused");
            }
            return Optional.of(request);
        });
    }

    private boolean valid(byte[] key, KadRecord r) {
        try {
            validators.validate(key, r.value());
            return true;
        } catch (InvalidRecordException e) {
            return false; // expired since it was stored (an IPNS record past its validity)
        }
    }

    private List<KadPeer> closer(byte[] key, PeerId from) {
        return closestPeers.closest(KadKey.of(key), KadProtocol.K, from);
    }

    private static byte[] checkKey(KadMessage request, int maxBytes) {
        byte[] key = request.key();
        if (key.length == 0 || key.length > maxBytes) {
            throw new KadException(request.type() + " key of " + key.length + " bytes (1 to " + maxBytes
                    + " accepted)");
        }
        return key;
    }

    private CompletableFuture<Optional<KadMessage>> onStorage(Supplier<Optional<KadMessage>> work) {
        try {
            return CompletableFuture.supplyAsync(work, storage);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new KadException("storage is busy", e));
        }
    }

    @Override
    public String toString() {
        return "KadServer[" + self + "]";
    }
}
