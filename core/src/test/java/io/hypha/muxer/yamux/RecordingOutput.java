package io.hypha.muxer.yamux;

import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.List;

/** A session output that keeps what the session emits, for tests; {@link #release()} frees the payloads. */
final class RecordingOutput implements YamuxSession.Output {
    final List<YamuxFrame> frames = new ArrayList<>();
    final List<YamuxEvent> events = new ArrayList<>();

    @Override
    public void frame(YamuxFrame frame) {
        frames.add(frame);
    }

    @Override
    public void event(YamuxEvent event) {
        events.add(event);
    }

    /** Releases every recorded frame and received payload. */
    void release() {
        frames.forEach(ReferenceCountUtil::release);
        for (YamuxEvent e : events) {
            if (e instanceof YamuxEvent.DataReceived d) {
                d.data().release();
            }
        }
    }
}
