package dev.rundbrief.core;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;

/**
 * Finds the main content of a web page and the site's previous/next links, readability-style.
 *
 * <p>Steps: (1) previous/next links are read from {@code rel}, class names and their labels
 * ("Zurück", "Weiter", "Previous", "Next") before anything is removed; (2) page chrome is removed
 * by tag ({@code nav}, {@code footer}, {@code aside}, site {@code header}s), by ARIA role and by
 * class/id patterns (share bars, comments, cookie banners, newsletter boxes, ad slots, related
 * posts, pagination); (3) the root is the first match of the known content containers of common
 * publishing systems, else the longest {@code <article>}, else {@code <main>}, else the element
 * with the best paragraph score (text length, commas, link density, class hints); (4) inside the
 * root, the headline, bylines and dates, link-dense boxes and "related" blocks are removed.
 *
 * <p>The extractor works on a copy; the caller's document is not changed.
 */
final class ContentExtractor {
  /** What the extractor found; {@code content} is {@code null} when the page holds no article. */
  record Extraction(Element content, String headline, List<RelatedLink> related) {}

  private static final int MIN_CONTENT_CHARS = 200;

  private static final String JUNK_TAGS =
      "script, style, noscript, template, iframe, svg, canvas, object, embed, button, input,"
          + " select, textarea, dialog, link, meta, [hidden], [aria-hidden=true],"
          + " [style~=(?i)display:\\s*none], [style~=(?i)visibility:\\s*hidden]";

  private static final Set<String> CHROME_TAGS = Set.of("nav", "footer", "aside", "menu");
  private static final Set<String> CHROME_ROLES =
      Set.of(
          "navigation",
          "banner",
          "contentinfo",
          "complementary",
          "search",
          "dialog",
          "alertdialog",
          "menu",
          "menubar");

  /** Class or id tokens of page chrome; matched against each token separately. */
  private static final Pattern CHROME_CLASS =
      Pattern.compile(
          "(?i)(?:^|[-_])(?:nav\\w*|menu\\w*|breadcrumbs?|site-header|masthead|topbar|footer\\w*"
              + "|sidebar\\w*|widgets?|widget-area|share\\w*|sharing|sharedaddy|social\\w*"
              + "|comments?|commentlist|respond|disqus|cookie\\w*|consent\\w*|cmp|gdpr"
              + "|newsletter\\w*|subscribe\\w*|subscription|signup|promo\\w*|advert\\w*|ads?"
              + "|adslot|ad-?container|anzeige|werbung|sponsor\\w*|related\\w*|recommend\\w*"
              + "|more-stories|outbrain|taboola|popup|modal|overlay|paywall\\w*|pagination"
              + "|pager|post-navigation|item-pagination|author-bio|author-box|skip-link"
              + "|screen-reader-text|sr-only|visually-hidden|print-only|toolbar|tagcloud"
              + "|teaser-list|mehr-zum-thema|weitere-artikel|banner|hinweis-box)(?:$|[-_])");

  /** Class or id tokens of article metadata inside the content root: bylines, dates, tags. */
  private static final Pattern META_CLASS =
      Pattern.compile(
          "(?i)(?:^|[-_])(?:byline|author\\w*|autor\\w*|meta|post-meta|entry-meta|article-meta|dateline"
              + "|date|published|timestamp|posted-on|reading-time|read-time|entry-footer"
              + "|post-footer|tags?|tag-links|categories|cat-links|kicker|dachzeile|overline"
              + "|eyebrow|caption-credit|speechify-ignore)(?:$|[-_])");

  private static final List<String> CONTENT_SELECTORS =
      List.of(
          "[itemprop=articleBody]",
          ".entry-content",
          ".post-content",
          ".article-content",
          ".article-body",
          ".article__body",
          ".articleBody",
          ".post-body",
          ".post-full-content",
          ".gh-content",
          ".blog-item-content",
          ".c-article-body",
          ".story-body",
          ".field--name-body",
          ".node__content",
          ".td-post-content",
          ".available-content",
          ".body.markup",
          ".rich-text",
          ".sqs-block-content",
          "#article-body",
          "#content-body");

  private static final Pattern POSITIVE_HINT =
      Pattern.compile(
          "(?i)article|body|content|entry|hentry|main|page|post|text|blog|story|beitrag|artikel");
  private static final Pattern NEGATIVE_HINT =
      Pattern.compile(
          "(?i)comment|meta|footer|footnote|sidebar|sponsor|share|social|widget|teaser|related"
              + "|promo|banner|nav|menu|login|combx|contact|shoutbox");

  private static final Pattern RELATED_HEADING =
      Pattern.compile(
          "(?i)^(das könnte (sie|dich) auch interessieren|mehr zum thema|weitere artikel"
              + "|auch interessant|lesen sie auch|weiterlesen|empfehlungen( der redaktion)?"
              + "|ähnliche (beiträge|artikel)|verwandte (beiträge|artikel)|related( posts| articles"
              + "| stories)?|you (might|may) also like|more (from|stories|on this topic).*"
              + "|read (more|next)|recommended( for you| reading)?|keep reading|share this( post)?"
              + "|teilen|diesen (artikel|beitrag) teilen|kommentare|comments|leave a (reply|comment)"
              + "|schreibe einen kommentar)\\s*:?$");
  private static final Pattern INLINE_RELATED =
      Pattern.compile(
          "(?i)^(lesen sie auch|mehr zum thema|auch interessant|siehe auch|read more|related"
              + "|see also|also read)\\b.*");

  private static final String LABEL_END = "(?=$|[\\s:»›→«‹←|/-])";
  private static final Pattern PREV_LABEL =
      Pattern.compile(
          "(?iu)^[«‹←<\\s]*(zurück(?!\\s+(?:zur|zum|nach)\\s)|vorheriger (artikel|beitrag)|voriger (artikel|beitrag)"
              + "|vorheriger|vorige|previous (post|article|story|entry)|previous|prev|older post"
              + "|älterer beitrag)"
              + LABEL_END
              + "[\\s:»›→«‹←|/-]*");
  private static final Pattern NEXT_LABEL =
      Pattern.compile(
          "(?iu)^[»›→>\\s]*(weiter|nächster (artikel|beitrag)|nächste|next (post|article|story"
              + "|entry)|next|newer post|neuerer beitrag)"
              + LABEL_END
              + "[\\s:»›→«‹←|/-]*");
  private static final Pattern PREV_CLASS =
      Pattern.compile("(?i)(?:^|[-_])(?:prev|previous|older|vorherig\\w*)(?:$|[-_])");
  private static final Pattern NEXT_CLASS =
      Pattern.compile("(?i)(?:^|[-_])(?:next|newer|naechst\\w*)(?:$|[-_])");

  private static final String BLOCKS =
      "p, div, section, article, ul, ol, dl, table, blockquote, pre, h1, h2, h3, h4, h5, h6,"
          + " figure, header, main";

  private ContentExtractor() {}

  /**
   * Extracts the article from a page whose base URI is already set.
   *
   * @param titleHint the title from the page's metadata, or empty; a heading with the same text is
   *     removed from the body
   */
  static Extraction extract(Document page, String titleHint) {
    Document doc = page.clone();
    Element body = doc.body();
    List<RelatedLink> related = new ArrayList<>();
    removePrevNext(body, related);
    body.select(JUNK_TAGS).remove();
    removeChrome(body);
    Element root = chooseRoot(body);
    if (root == null) {
      return new Extraction(null, "", related);
    }
    String headline = removeHeadline(root, titleHint);
    cleanInside(root);
    if (!looksLikeArticle(root)) {
      return new Extraction(null, headline, related);
    }
    return new Extraction(root, headline, related);
  }

  // ---- previous / next ----

  private static void removePrevNext(Element body, List<RelatedLink> related) {
    Element prev = null;
    Element next = null;
    String prevTitle = "";
    String nextTitle = "";
    for (Element a : body.select("a[href]")) {
      String href = a.attr("href").strip();
      if (href.isEmpty()
          || href.startsWith("#")
          || href.toLowerCase(Locale.ROOT).startsWith("javascript:")) {
        continue;
      }
      RelatedLink.Relation relation = relationOf(a);
      if (relation == null) {
        continue;
      }
      String title = titleOf(a, relation);
      if (title.isEmpty()) {
        continue;
      }
      if (relation == RelatedLink.Relation.PREVIOUS && prev == null) {
        prev = a;
        prevTitle = title;
      } else if (relation == RelatedLink.Relation.NEXT && next == null) {
        next = a;
        nextTitle = title;
      }
    }
    int budget =
        (prev == null ? 0 : prev.text().length()) + (next == null ? 0 : next.text().length());
    if (prev != null) {
      add(related, RelatedLink.Relation.PREVIOUS, prevTitle, prev);
    }
    if (next != null) {
      add(related, RelatedLink.Relation.NEXT, nextTitle, next);
    }
    for (Element a : new Element[] {prev, next}) {
      if (a != null && a.parent() != null) {
        container(a, budget + 40).remove();
      }
    }
  }

  private static void add(
      List<RelatedLink> related, RelatedLink.Relation relation, String title, Element a) {
    URI url = null;
    try {
      String abs = a.absUrl("href");
      url = new URI(abs.isEmpty() ? a.attr("href").strip() : abs);
    } catch (URISyntaxException e) {
      // a link we cannot parse still names the neighbouring article
    }
    related.add(new RelatedLink(relation, title, url));
  }

  /** The largest ancestor that holds little more than the previous/next links themselves. */
  private static Element container(Element a, int maxChars) {
    Element box = a;
    Element parent = a.parent();
    while (parent != null
        && !parent.tagName().equals("body")
        && parent.text().length() <= maxChars
        && !isContentContainer(parent)) {
      box = parent;
      parent = parent.parent();
    }
    return box;
  }

  private static RelatedLink.Relation relationOf(Element a) {
    String rel = a.attr("rel").toLowerCase(Locale.ROOT);
    if (rel.matches(".*\\b(prev|previous)\\b.*")) {
      return RelatedLink.Relation.PREVIOUS;
    }
    if (rel.matches(".*\\bnext\\b.*")) {
      return RelatedLink.Relation.NEXT;
    }
    Element e = a;
    for (int depth = 0; depth < 3 && e != null && !e.tagName().equals("body"); depth++) {
      if (matchesToken(e, PREV_CLASS)) {
        return RelatedLink.Relation.PREVIOUS;
      }
      if (matchesToken(e, NEXT_CLASS)) {
        return RelatedLink.Relation.NEXT;
      }
      e = e.parent();
    }
    String text = a.text();
    if (PREV_LABEL.matcher(text).lookingAt()) {
      return RelatedLink.Relation.PREVIOUS;
    }
    if (NEXT_LABEL.matcher(text).lookingAt()) {
      return RelatedLink.Relation.NEXT;
    }
    return null;
  }

  private static String titleOf(Element a, RelatedLink.Relation relation) {
    Pattern label = relation == RelatedLink.Relation.PREVIOUS ? PREV_LABEL : NEXT_LABEL;
    String text = a.text().strip();
    // Squarespace repeats the label ("Zurück Zurück Titel"), so strip it as often as it leads.
    for (int i = 0; i < 3; i++) {
      Matcher m = label.matcher(text);
      if (!m.lookingAt() || m.end() == 0) {
        break;
      }
      text = text.substring(m.end()).strip();
    }
    text = text.replaceAll("[«‹←»›→]+", " ").strip();
    if (text.isEmpty() || text.length() < 3 || text.matches("\\d+")) {
      String title = a.attr("title").strip();
      return title.length() >= 3 ? title : "";
    }
    return text;
  }

  // ---- chrome ----

  private static void removeChrome(Element body) {
    for (Element e : body.getAllElements()) {
      if (e == body || e.parent() == null || !isAttached(e, body)) {
        continue;
      }
      if (isChrome(e) && !containsContent(e)) {
        e.remove();
      }
    }
  }

  private static boolean isAttached(Element e, Element body) {
    for (Element p = e; p != null; p = p.parent()) {
      if (p == body) {
        return true;
      }
    }
    return false;
  }

  private static boolean isChrome(Element e) {
    String tag = e.tagName();
    if (CHROME_TAGS.contains(tag)) {
      return true;
    }
    if (tag.equals("header") && e.selectFirst("h1, h2") == null) {
      return true;
    }
    if (tag.equals("form") && e.select("p").text().length() < MIN_CONTENT_CHARS) {
      return true;
    }
    if (CHROME_ROLES.contains(e.attr("role").toLowerCase(Locale.ROOT))) {
      return true;
    }
    return matchesToken(e, CHROME_CLASS);
  }

  /** Whether an element holds the article, so that a chrome-like class must not remove it. */
  private static boolean containsContent(Element e) {
    if (isContentContainer(e) || e.tagName().equals("main") || e.tagName().equals("article")) {
      return true;
    }
    return e.selectFirst("article, main, [role=main], " + String.join(", ", CONTENT_SELECTORS))
        != null;
  }

  private static boolean isContentContainer(Element e) {
    for (String selector : CONTENT_SELECTORS) {
      if (e.is(selector)) {
        return true;
      }
    }
    return false;
  }

  private static boolean matchesToken(Element e, Pattern pattern) {
    for (String token : e.classNames()) {
      if (pattern.matcher(token).find()) {
        return true;
      }
    }
    String id = e.id();
    return !id.isEmpty() && pattern.matcher(id).find();
  }

  // ---- root ----

  private static Element chooseRoot(Element body) {
    for (String selector : CONTENT_SELECTORS) {
      Element found = bestOf(body.select(selector));
      if (found != null) {
        return widenToArticle(found, selector);
      }
    }
    Element article = longest(body.select("article"));
    if (article != null && textLength(article) >= MIN_CONTENT_CHARS) {
      return article;
    }
    Element main = longest(body.select("main, [role=main]"));
    if (main != null && textLength(main) >= MIN_CONTENT_CHARS) {
      return main;
    }
    return bestScored(body);
  }

  /**
   * The enclosing {@code <article>} when it holds just this one body container: news sites put the
   * intro paragraph and the lead figure beside the body container, and the chrome in between
   * (bylines, share bars) is removed later anyway.
   */
  private static Element widenToArticle(Element found, String selector) {
    Element article = found.parent() == null ? null : found.parent().closest("article");
    if (article == null || article.select(selector).size() != 1) {
      return found;
    }
    return article;
  }

  /**
   * The match with the most text, or the nearest common ancestor when the text is spread over
   * several sibling blocks (Squarespace splits a post into one block per paragraph group).
   */
  private static Element bestOf(Elements matches) {
    List<Element> outer = new ArrayList<>();
    for (Element m : matches) {
      if (outer.stream().noneMatch(o -> m.parents().contains(o))) {
        outer.add(m);
      }
    }
    Element best = longest(outer);
    if (best == null || textLength(best) < MIN_CONTENT_CHARS / 2) {
      return null;
    }
    int total = outer.stream().mapToInt(ContentExtractor::textLength).sum();
    if (outer.size() > 1 && textLength(best) < 0.7 * total) {
      Element common = commonAncestor(outer);
      if (common != null && !common.tagName().equals("body")) {
        return common;
      }
    }
    return textLength(best) >= MIN_CONTENT_CHARS / 2 ? best : null;
  }

  private static Element commonAncestor(List<Element> elements) {
    Element candidate = elements.get(0).parent();
    while (candidate != null) {
      Element c = candidate;
      if (elements.stream().allMatch(e -> e.parents().contains(c))) {
        return candidate;
      }
      candidate = candidate.parent();
    }
    return null;
  }

  private static Element longest(Collection<Element> elements) {
    Element best = null;
    int bestLength = -1;
    for (Element e : elements) {
      int length = textLength(e);
      if (length > bestLength) {
        best = e;
        bestLength = length;
      }
    }
    return best;
  }

  /** Readability's scoring: paragraphs give points to their parent and, halved, grandparent. */
  private static Element bestScored(Element body) {
    Map<Element, Double> scores = new IdentityHashMap<>();
    for (Element block : body.select("p, pre, blockquote, td, div, section")) {
      String tag = block.tagName();
      if ((tag.equals("div") || tag.equals("section") || tag.equals("td"))
          && block.selectFirst(BLOCKS.replace("div, section, ", "")) != null) {
        continue;
      }
      if ((tag.equals("div") || tag.equals("section"))
          && block.children().stream().anyMatch(c -> c.is(BLOCKS))) {
        continue;
      }
      String text = block.text();
      if (text.length() < 25) {
        continue;
      }
      double score = 1 + commas(text) + Math.min(text.length() / 100, 3);
      Element parent = block.parent();
      if (parent == null) {
        continue;
      }
      scores.merge(parent, score, Double::sum);
      Element grand = parent.parent();
      if (grand != null) {
        scores.merge(grand, score / 2, Double::sum);
      }
    }
    Element top = null;
    double topScore = 0;
    for (Map.Entry<Element, Double> entry : scores.entrySet()) {
      Element candidate = entry.getKey();
      double score = (entry.getValue() + classWeight(candidate)) * (1 - linkDensity(candidate));
      entry.setValue(score);
      if (score > topScore) {
        top = candidate;
        topScore = score;
      }
    }
    if (top == null) {
      return null;
    }
    // Text split into sibling blocks (around an ad slot) scores the parent almost as high.
    Element parent = top.parent();
    while (parent != null
        && !parent.tagName().equals("body")
        && scores.getOrDefault(parent, 0.0) >= topScore * 0.9) {
      top = parent;
      parent = parent.parent();
    }
    return top;
  }

  private static double classWeight(Element e) {
    double weight = 0;
    for (String hint : new String[] {e.className(), e.id()}) {
      if (hint.isEmpty()) {
        continue;
      }
      if (NEGATIVE_HINT.matcher(hint).find()) {
        weight -= 25;
      }
      if (POSITIVE_HINT.matcher(hint).find()) {
        weight += 25;
      }
    }
    return weight;
  }

  // ---- inside the root ----

  private static String removeHeadline(Element root, String titleHint) {
    String headline = "";
    String wanted = ArticleId.normalizeTitle(titleHint);
    for (Element h : root.select("h1, h2")) {
      String text = ArticleId.normalizeTitle(h.text());
      if (!wanted.isEmpty() && text.equals(wanted)) {
        headline = h.text();
        h.remove();
      }
    }
    Element h1 = root.selectFirst("h1");
    if (h1 != null && root.select("h1").size() == 1 && precedesText(root, h1)) {
      headline = headline.isEmpty() ? h1.text() : headline;
      h1.remove();
    }
    return headline;
  }

  /** Whether the heading comes before the first real paragraph of the root. */
  private static boolean precedesText(Element root, Element heading) {
    for (Element e : root.getAllElements()) {
      if (e == heading) {
        return true;
      }
      if (e.tagName().equals("p") && e.text().length() >= 80) {
        return false;
      }
    }
    return false;
  }

  private static void cleanInside(Element root) {
    for (Element e : root.getAllElements()) {
      if (e == root || e.parent() == null || !isAttached(e, root)) {
        continue;
      }
      boolean meta =
          isChrome(e)
              || matchesToken(e, META_CLASS)
              || (e.tagName().equals("time") && e.closest("p, li, blockquote, td") == null);
      int prose = e.select("p").text().length();
      if (meta
          && !isContentContainer(e)
          && !e.tagName().equals("figure")
          && prose < (e.tagName().equals("header") ? 60 : MIN_CONTENT_CHARS)) {
        e.remove();
      }
    }
    for (Element h : root.select("h2, h3, h4, h5, h6, p, strong, div")) {
      if (h.parent() == null || !isAttached(h, root) || h.text().length() > 80) {
        continue;
      }
      if (RELATED_HEADING.matcher(h.text().strip()).matches()) {
        Element sibling = h.nextElementSibling();
        while (sibling != null && (linkDensity(sibling) > 0.4 || sibling.is("ul, ol"))) {
          Element next = sibling.nextElementSibling();
          sibling.remove();
          sibling = next;
        }
        h.remove();
      }
    }
    for (Element p : root.select("p")) {
      if (INLINE_RELATED.matcher(p.text()).matches() && linkDensity(p) > 0.4) {
        p.remove();
      }
    }
    for (Element box : root.select("div, section, ul, ol, table")) {
      if (box.parent() == null || !isAttached(box, root)) {
        continue;
      }
      int length = textLength(box);
      if (linkDensity(box) > 0.5 && length < 600 && !hasOwnProse(box)) {
        box.remove();
      } else if (box.is("div, section")
          && length < 60
          && box.selectFirst("p, img, figure, h2, h3, h4, pre, blockquote, ul, ol, table") == null
          && !box.text().matches(".*[.!?:]\\s*$")) {
        box.remove();
      }
    }
  }

  /** Whether a block holds a sentence that is not link text (a paragraph with a few links). */
  private static boolean hasOwnProse(Element box) {
    for (Element p : box.select("p")) {
      if (p.text().length() >= 80 && linkDensity(p) < 0.5) {
        return true;
      }
    }
    return false;
  }

  private static boolean looksLikeArticle(Element root) {
    int length = textLength(root);
    if (length < MIN_CONTENT_CHARS || linkDensity(root) > 0.5) {
      return false;
    }
    // A login or error page has only short lines; an article has at least one real paragraph.
    for (Element block : root.select("p, div, td, blockquote, li, pre")) {
      if (block.ownText().length() >= 80 && linkDensity(block) < 0.5) {
        return true;
      }
    }
    return false;
  }

  // ---- measures ----

  private static int textLength(Element e) {
    return e.text().length();
  }

  static double linkDensity(Element e) {
    int length = e.text().length();
    if (length == 0) {
      return 0;
    }
    int links = 0;
    for (Element a : e.select("a")) {
      links += a.text().length();
    }
    return Math.min(1.0, (double) links / length);
  }

  private static int commas(String text) {
    int n = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == ',' || c == '，' || c == '、') {
        n++;
      }
    }
    return n;
  }
}
