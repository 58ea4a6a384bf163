// A small go-libp2p peer for Hypha's interop tests, configured as go-libp2p configures a host by default (TCP,
// TLS and Noise, yamux, identify, ping) plus the perf protocol. It prints one JSON line when it listens, then
// answers JSON command lines on stdin, one answer line each, carrying the command's id:
//
//	{"id":1,"cmd":"connect","addr":"/ip4/127.0.0.1/tcp/4001/p2p/12D3..."}
//	{"id":2,"cmd":"ping","peer":"12D3...","count":3}
//	{"id":5,"cmd":"disconnect","peer":"12D3..."}
//	{"id":3,"cmd":"identify","peer":"12D3..."}
//	{"id":4,"cmd":"perf","peer":"12D3...","upload":0,"download":67108864}
//
// It exits when stdin closes.
package main

import (
	"bufio"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"sync"
	"time"

	"github.com/libp2p/go-libp2p"
	"github.com/libp2p/go-libp2p/core/host"
	"github.com/libp2p/go-libp2p/core/network"
	"github.com/libp2p/go-libp2p/core/peer"
	"github.com/libp2p/go-libp2p/core/protocol"
	"github.com/libp2p/go-libp2p/p2p/protocol/identify"
	"github.com/libp2p/go-libp2p/p2p/protocol/ping"
	ma "github.com/multiformats/go-multiaddr"
)

const perfID = protocol.ID("/perf/1.0.0")

// perfChunk is how much the perf handlers read or write at a time.
const perfChunk = 64 << 10

type command struct {
	ID       int    `json:"id"`
	Cmd      string `json:"cmd"`
	Addr     string `json:"addr"`
	Peer     string `json:"peer"`
	Count    int    `json:"count"`
	Upload   uint64 `json:"upload"`
	Download uint64 `json:"download"`
}

func main() {
	h, err := libp2p.New(
		libp2p.ListenAddrStrings("/ip4/127.0.0.1/tcp/0"),
		libp2p.UserAgent("hypha-interop-go-peer"),
	)
	if err != nil {
		fmt.Fprintln(os.Stderr, "go peer:", err)
		os.Exit(1)
	}
	h.SetStreamHandler(perfID, servePerf)

	addrs := []string{}
	for _, a := range h.Addrs() {
		addrs = append(addrs, a.String())
	}
	out := json.NewEncoder(os.Stdout)
	var outMu sync.Mutex
	reply := func(v map[string]any) {
		outMu.Lock()
		defer outMu.Unlock()
		_ = out.Encode(v)
	}
	reply(map[string]any{"peerId": h.ID().String(), "addrs": addrs})

	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 1<<20)
	var wg sync.WaitGroup
	for in.Scan() {
		var c command
		if err := json.Unmarshal(in.Bytes(), &c); err != nil {
			reply(map[string]any{"id": -1, "ok": false, "error": err.Error()})
			continue
		}
		wg.Add(1)
		go func(c command) {
			defer wg.Done()
			result, err := run(h, c)
			if err != nil {
				reply(map[string]any{"id": c.ID, "ok": false, "error": err.Error()})
				return
			}
			result["id"] = c.ID
			result["ok"] = true
			reply(result)
		}(c)
	}
	wg.Wait()
	_ = h.Close()
}

func run(h host.Host, c command) (map[string]any, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	switch c.Cmd {
	case "connect":
		addr, err := ma.NewMultiaddr(c.Addr)
		if err != nil {
			return nil, err
		}
		info, err := peer.AddrInfoFromP2pAddr(addr)
		if err != nil {
			return nil, err
		}
		if err := h.Connect(ctx, *info); err != nil {
			return nil, err
		}
		conns := h.Network().ConnsToPeer(info.ID)
		if len(conns) == 0 {
			return nil, errors.New("connected, but no connection to the peer")
		}
		st := conns[0].ConnState()
		return map[string]any{"security": string(st.Security), "muxer": string(st.StreamMultiplexer)}, nil
	case "disconnect":
		p, err := peer.Decode(c.Peer)
		if err != nil {
			return nil, err
		}
		if err := h.Network().ClosePeer(p); err != nil {
			return nil, err
		}
		return map[string]any{}, nil
	case "ping":
		p, err := peer.Decode(c.Peer)
		if err != nil {
			return nil, err
		}
		rtts := []float64{}
		results := ping.Ping(ctx, h, p)
		for len(rtts) < c.Count {
			r := <-results
			if r.Error != nil {
				return nil, r.Error
			}
			rtts = append(rtts, float64(r.RTT.Microseconds())/1000)
		}
		return map[string]any{"rttsMs": rtts}, nil
	case "identify":
		p, err := peer.Decode(c.Peer)
		if err != nil {
			return nil, err
		}
		conns := h.Network().ConnsToPeer(p)
		if len(conns) == 0 {
			return nil, errors.New("not connected")
		}
		// wait for identify on the connection, as the default host runs it on every new one
		if withID, ok := h.(interface{ IDService() identify.IDService }); ok {
			select {
			case <-withID.IDService().IdentifyWait(conns[0]):
			case <-ctx.Done():
				return nil, ctx.Err()
			}
		}
		agent, _ := h.Peerstore().Get(p, "AgentVersion")
		protos, _ := h.Peerstore().GetProtocols(p)
		names := []string{}
		for _, pr := range protos {
			names = append(names, string(pr))
		}
		sort.Strings(names)
		listen := []string{}
		for _, a := range h.Peerstore().Addrs(p) {
			listen = append(listen, a.String())
		}
		sort.Strings(listen)
		return map[string]any{"agent": agent, "protocols": names, "addrs": listen}, nil
	case "perf":
		p, err := peer.Decode(c.Peer)
		if err != nil {
			return nil, err
		}
		start := time.Now()
		if err := runPerf(ctx, h, p, c.Upload, c.Download); err != nil {
			return nil, err
		}
		return map[string]any{"seconds": time.Since(start).Seconds()}, nil
	}
	return nil, fmt.Errorf("unknown command %q", c.Cmd)
}

// servePerf answers a perf stream: reads the 8-byte big-endian count the client wants back, drains what the
// client uploads until it closes its side, then writes the count of bytes and closes.
func servePerf(s network.Stream) {
	defer s.Close()
	var want [8]byte
	if _, err := io.ReadFull(s, want[:]); err != nil {
		_ = s.Reset()
		return
	}
	if _, err := io.Copy(io.Discard, s); err != nil {
		_ = s.Reset()
		return
	}
	if err := writeZeros(s, binary.BigEndian.Uint64(want[:])); err != nil {
		_ = s.Reset()
	}
}

// runPerf is the perf client: asks for download bytes, uploads upload bytes, closes its side, reads the answer.
func runPerf(ctx context.Context, h host.Host, p peer.ID, upload, download uint64) error {
	s, err := h.NewStream(ctx, p, perfID)
	if err != nil {
		return err
	}
	defer s.Close()
	var want [8]byte
	binary.BigEndian.PutUint64(want[:], download)
	if _, err := s.Write(want[:]); err != nil {
		return err
	}
	if err := writeZeros(s, upload); err != nil {
		return err
	}
	if err := s.CloseWrite(); err != nil {
		return err
	}
	n, err := io.Copy(io.Discard, s)
	if err != nil {
		return err
	}
	if uint64(n) != download {
		return fmt.Errorf("perf: received %d bytes of %d", n, download)
	}
	return nil
}

func writeZeros(w io.Writer, n uint64) error {
	buf := make([]byte, perfChunk)
	for n > 0 {
		k := uint64(len(buf))
		if n < k {
			k = n
		}
		if _, err := w.Write(buf[:k]); err != nil {
			return err
		}
		n -= k
	}
	return nil
}
