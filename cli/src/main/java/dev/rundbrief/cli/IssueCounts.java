package dev.rundbrief.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rundbrief.mail.bounce.BounceKind;
import dev.rundbrief.mail.delivery.DeliveryState;
import dev.rundbrief.store.SubscriberStore;
import java.util.Map;

/**
 * What became of one issue's mail: the journal's counts and the bounces and complaints that came
 * back for it (through a valid VERP token). For {@code digest show} and {@code send}.
 */
record IssueCounts(
    int sent, int failed, int deferred, int queued, int hard, int soft, int complaints) {

  static IssueCounts of(SubscriberStore store, int issue) {
    Map<DeliveryState, Integer> j =
        store.journal().counts(Sending.issueId(Integer.toString(issue)));
    Map<BounceKind, Integer> b = store.bounceLog().counts(issue);
    return new IssueCounts(
        j.getOrDefault(DeliveryState.SENT, 0),
        j.getOrDefault(DeliveryState.FAILED, 0),
        j.getOrDefault(DeliveryState.DEFERRED, 0),
        j.getOrDefault(DeliveryState.QUEUED, 0),
        b.getOrDefault(BounceKind.HARD, 0),
        b.getOrDefault(BounceKind.SOFT, 0),
        b.getOrDefault(BounceKind.COMPLAINT, 0));
  }

  ObjectNode json() {
    ObjectNode n = Json.MAPPER.createObjectNode();
    n.put("sent", sent);
    n.put("failed", failed);
    n.put("deferred", deferred);
    n.put("queued", queued);
    n.putObject("bounced").put("hard", hard).put("soft", soft);
    n.put("complaints", complaints);
    return n;
  }

  String line() {
    return "Delivery: sent "
        + sent
        + ", failed "
        + failed
        + ", deferred "
        + deferred
        + "; bounced "
        + (hard + soft)
        + " (hard "
        + hard
        + ", soft "
        + soft
        + "), complaints "
        + complaints
        + ".";
  }
}
