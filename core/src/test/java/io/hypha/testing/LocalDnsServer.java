package io.hypha.testing;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.codec.dns.DatagramDnsQuery;
import io.netty.handler.codec.dns.DatagramDnsQueryDecoder;
import io.netty.handler.codec.dns.DatagramDnsResponse;
import io.netty.handler.codec.dns.DatagramDnsResponseEncoder;
import io.netty.handler.codec.dns.DefaultDnsQuestion;
import io.netty.handler.codec.dns.DefaultDnsRawRecord;
import io.netty.handler.codec.dns.DnsQuestion;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.handler.codec.dns.DnsResponseCode;
import io.netty.handler.codec.dns.DnsSection;
import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny authoritative DNS server on {@code 127.0.0.1} (an ephemeral UDP port) for tests: it answers A, AAAA
 * and TXT questions from the records added to it, NXDOMAIN for names it has no record of, an empty answer for
 * a name it knows but not with that type, and a chosen response code or silence for names told to fail.
 * Names are matched case-insensitively, with or without the trailing dot.
 * <pre>{@code
 * try (LocalDnsServer dns = LocalDnsServer.start()) {
 *     dns.addA("node.example", "192.0.2.1");
 *     dns.addTxt("_dnsaddr.peers.example", "dnsaddr=/dns4/node.example/tcp/4001/p2p/12D3KooW...");
 *     DnsResolver resolver = DnsResolver.using(group, List.of(dns.address()));
 * }
 * }</pre>
 */
public final class LocalDnsServer implements AutoCloseable {
    /** TTL of every answer; resolvers under test should not depend on it. */
    private static final int TTL_SECONDS = 60;
    /** Longest character-string in a TXT record (RFC 1035 section 3.3.14: one length byte). */
    private static final int MAX_TXT_STRING = 255;

    private record Key(String name, DnsRecordType type) {}

    private final EventLoopGroup group;
    private final Channel channel;
    private final Map<Key, List<byte[]>> records = new ConcurrentHashMap<>();
    private final Set<String> names = ConcurrentHashMap.newKeySet();
    private final Map<String, DnsResponseCode> failures = new ConcurrentHashMap<>();
    private final Set<String> silent = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicInteger> queries = new ConcurrentHashMap<>();

    private LocalDnsServer(EventLoopGroup group, Channel channel) {
        this.group = group;
        this.channel = channel;
    }

    /** Starts a server on {@code 127.0.0.1}, port 0. */
    public static LocalDnsServer start() {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        LocalDnsServer[] server = new LocalDnsServer[1];
        try {
            Channel channel = new Bootstrap().group(group).channel(NioDatagramChannel.class)
                    .handler(new ChannelInitializer<DatagramChannel>() {
                        @Override
                        protected void initChannel(DatagramChannel ch) {
                            ch.pipeline().addLast(new DatagramDnsQueryDecoder(), new DatagramDnsResponseEncoder(),
                                    new SimpleChannelInboundHandler<DatagramDnsQuery>() {
                                        @Override
                                        protected void channelRead0(ChannelHandlerContext ctx, DatagramDnsQuery q) {
                                            server[0].answer(ctx, q);
                                        }
                                    });
                        }
                    })
                    .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).syncUninterruptibly().channel();
            server[0] = new LocalDnsServer(group, channel);
            return server[0];
        } catch (RuntimeException e) {
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            throw e;
        }
    }

    /** The address to give a resolver as its name server. */
    public InetSocketAddress address() {
        return (InetSocketAddress) channel.localAddress();
    }

    /** Adds an A record; {@code ip} is a dotted-quad literal. */
    public LocalDnsServer addA(String name, String ip) {
        return add(name, DnsRecordType.A, literal(ip, 4));
    }

    /** Adds an AAAA record; {@code ip} is an IPv6 literal. */
    public LocalDnsServer addAaaa(String name, String ip) {
        return add(name, DnsRecordType.AAAA, literal(ip, 16));
    }

    /**
     * Adds a TXT record whose value is {@code value} in UTF-8, split into character-strings of at most 255
     * bytes as a zone file would split a long value.
     */
    public LocalDnsServer addTxt(String name, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        ByteBuf rdata = Unpooled.buffer();
        try {
            int offset = 0;
            do {
                int length = Math.min(MAX_TXT_STRING, bytes.length - offset);
                rdata.writeByte(length).writeBytes(bytes, offset, length);
                offset += length;
            } while (offset < bytes.length);
            byte[] wire = new byte[rdata.readableBytes()];
            rdata.readBytes(wire);
            return add(name, DnsRecordType.TXT, wire);
        } finally {
            rdata.release();
        }
    }

    /** Answers every question about {@code name} with {@code code} (SERVFAIL, REFUSED ...) and no records. */
    public LocalDnsServer failWith(String name, DnsResponseCode code) {
        failures.put(normalize(name), code);
        return this;
    }

    /** Never answers questions about {@code name}, so that the resolver times out. */
    public LocalDnsServer ignore(String name) {
        silent.add(normalize(name));
        return this;
    }

    /** How many questions about {@code name} (any type) the server received. */
    public int queries(String name) {
        AtomicInteger n = queries.get(normalize(name));
        return n == null ? 0 : n.get();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private LocalDnsServer add(String name, DnsRecordType type, byte[] rdata) {
        String key = normalize(name);
        names.add(key);
        records.computeIfAbsent(new Key(key, type), k -> new CopyOnWriteArrayList<>()).add(rdata);
        return this;
    }

    private void answer(ChannelHandlerContext ctx, DatagramDnsQuery query) {
        DnsQuestion question = query.recordAt(DnsSection.QUESTION);
        if (question == null) {
            return;
        }
        String name = normalize(question.name());
        queries.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
        if (silent.contains(name)) {
            return;
        }
        DatagramDnsResponse response = new DatagramDnsResponse(query.recipient(), query.sender(), query.id());
        response.setAuthoritativeAnswer(true);
        response.setRecursionDesired(query.isRecursionDesired());
        response.setRecursionAvailable(true);
        response.addRecord(DnsSection.QUESTION, new DefaultDnsQuestion(question.name(), question.type()));
        DnsResponseCode failure = failures.get(name);
        if (failure != null) {
            response.setCode(failure);
        } else if (!names.contains(name)) {
            response.setCode(DnsResponseCode.NXDOMAIN);
        } else {
            for (byte[] rdata : records.getOrDefault(new Key(name, question.type()), List.of())) {
                response.addRecord(DnsSection.ANSWER, new DefaultDnsRawRecord(question.name(), question.type(),
                        TTL_SECONDS, Unpooled.wrappedBuffer(rdata)));
            }
        }
        ctx.writeAndFlush(response); // the encoder releases the response and its records
    }

    private static String normalize(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }

    private static byte[] literal(String ip, int length) {
        byte[] bytes = NetUtil.createByteArrayFromIpAddressString(ip); // parses, never looks up
        if (bytes == null || bytes.length != length) {
            throw new IllegalArgumentException("not an IPv" + (length == 4 ? 4 : 6) + " literal: " + ip);
        }
        return bytes;
    }
}
