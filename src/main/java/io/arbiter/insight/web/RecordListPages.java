package io.arbiter.insight.web;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import io.arbiter.identity.Actor;
import io.arbiter.identity.UserDirectory;
import io.arbiter.insight.MetricsWindow;
import io.arbiter.insight.RecordLists;

/**
 * {@code /agent/records}: the disputes behind one figure of a party's record, the list a case page's figure links to,
 * each linking to its case page. An agent sees only the disputes it may open, and how many others the figure counts.
 */
@Controller
class RecordListPages {

    /** The words of each figure: the same as the record's row. */
    private static final Map<RecordLists.Figure, String> LABELS = Map.of(
            RecordLists.Figure.OPENED, "records.opened", RecordLists.Figure.REFUNDED, "records.refunded",
            RecordLists.Figure.REJECTED, "records.rejected", RecordLists.Figure.WITHDRAWN, "records.withdrawn",
            RecordLists.Figure.ESCALATED, "records.escalated", RecordLists.Figure.RECEIVED, "records.received",
            RecordLists.Figure.SETTLED_BEFORE_AGENT, "records.settledBeforeAgent",
            RecordLists.Figure.DECISIONS_AGAINST, "records.decisionsAgainst");

    private final RecordLists lists;
    private final UserDirectory users;
    private final Clock clock;

    RecordListPages(RecordLists lists, UserDirectory users, Clock clock) {
        this.lists = lists;
        this.users = users;
        this.clock = clock;
    }

    @GetMapping("/agent/records")
    String list(Actor me, @RequestParam RecordLists.Side party, @RequestParam String id,
                @RequestParam RecordLists.Figure figure, @RequestParam(required = false) Instant from,
                @RequestParam(required = false) Instant to, Model model) {
        if (figure.side() != party) {
            throw new io.arbiter.common.InvalidInputException("figure", figure + " is not a figure of a "
                    + party.name().toLowerCase() + "'s record");
        }
        MetricsWindow window = from == null && to == null ? lists.recordWindow() : MetricsWindow.of(from, to, clock);
        model.addAttribute("party", party.name());
        model.addAttribute("partyName", users.findById(id).map(UserDirectory.User::displayName).orElse(id));
        model.addAttribute("figureLabel", LABELS.get(figure));
        model.addAttribute("window", window);
        model.addAttribute("entries", lists.entries(me, figure, id, window));
        return "agent/record-list";
    }
}
