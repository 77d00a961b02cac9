<?xml version="1.0" encoding="UTF-8"?>
<!--
  Shared by every writer (HTML site, print, exports) so that they agree on
  dates, names, pointers and the order of the letters.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:ed="urn:edition:functions"
    xmlns:map="http://www.w3.org/2005/xpath-functions/map"
    exclude-result-prefixes="#all">

  <!-- Functions marked cache="yes" are called as name#arity(…) from other functions: Saxon
       (saxonche 13, HE) answers a plain call from inside a function anew each time, and only
       a call through a function reference (or from a template) from what it remembers.
       tests/test_xslt_conventions.py keeps every such call in this form. -->

  <!-- Look-ups by key: each document is indexed once, not scanned for every pointer. -->
  <xsl:key name="ed:prefix" match="tei:prefixDef" use="string(@ident)"/>
  <xsl:key name="ed:id" match="*[@xml:id]" use="string(@xml:id)"/>

  <!-- The pointer a prefixed reference (psn:stalin) stands for, from the file's own prefixDefs. -->
  <xsl:function name="ed:expand" as="xs:string">
    <xsl:param name="pointer" as="xs:string"/>
    <xsl:param name="context" as="node()"/>
    <xsl:variable name="prefix" select="substring-before($pointer, ':')"/>
    <xsl:variable name="def" select="ed:by-key('ed:prefix', $prefix, root($context))"/>
    <xsl:sequence select="
      if ($def and not(matches($pointer, '^[a-z]+://')))
      then ed:replaced#3(substring-after($pointer, ':'), string($def/@matchPattern), string($def/@replacementPattern))
      else $pointer"/>
  </xsl:function>

  <!-- replace() with a prefixDef's patterns, remembered: a pattern that is not a literal is
       compiled at each call, and an edition points with a few patterns thousands of times. -->
  <xsl:function name="ed:replaced" as="xs:string" cache="yes">
    <xsl:param name="value" as="xs:string"/>
    <xsl:param name="pattern" as="xs:string"/>
    <xsl:param name="replacement" as="xs:string"/>
    <xsl:sequence select="replace($value, $pattern, $replacement)"/>
  </xsl:function>

  <!-- A URL that is safe to publish as a link, whatever the TEI says: http(s), mailto or a
       relative reference; anything else (javascript:, data:, file:, vbscript:, //host,
       backslash tricks) gives ''. Browsers drop tabs and line breaks inside a URL and
       strip leading control characters and spaces, so the scheme is judged on the value
       without them; the value published is the trimmed one, with spaces escaped. -->
  <xsl:function name="ed:safe-href" as="xs:string">
    <xsl:param name="uri" as="xs:string?"/>
    <xsl:variable name="squeezed" select="replace(string($uri), '[\p{Cc}\p{Z}\s]', '')"/>
    <xsl:variable name="scheme" select="lower-case(replace($squeezed, '^([A-Za-z][A-Za-z0-9+.\-]*):.*$', '$1', 's'))"/>
    <xsl:variable name="has-scheme" select="matches($squeezed, '^[A-Za-z][A-Za-z0-9+.\-]*:', 's')"/>
    <xsl:sequence select="
      if ($squeezed = '') then ''
      else if (contains($squeezed, '\')) then ''
      else if (starts-with($squeezed, '//')) then ''
      else if ($has-scheme and not($scheme = ('http', 'https', 'mailto'))) then ''
      else if ($has-scheme and $scheme = ('http', 'https')
               and not(matches($squeezed, '^[A-Za-z]+://[^/?#]', 's'))) then ''
      else iri-to-uri(replace(normalize-space($uri), ' ', '%20'))"/>
  </xsl:function>

  <!-- The element a pointer leads to, in this file or another one of the edition. -->
  <xsl:function name="ed:resolve" as="element()?">
    <xsl:param name="pointer" as="xs:string"/>
    <xsl:param name="context" as="node()"/>
    <xsl:variable name="root" select="root($context)"/>
    <xsl:variable name="targets" select="ed:ref-targets#1($root)"/>
    <xsl:sequence select="if (map:contains($targets, $pointer)) then $targets($pointer)
                          else ed:resolve-from#3($pointer, $root, base-uri($context))"/>
  </xsl:function>

  <!-- Where the names of a document lead (@ref), each pointer resolved once: a document names
       the same entries again and again. Only for a parsed document in which no element
       changes its base URI (xml:base): a pointer then leads to the same place from anywhere
       in it (a tree built in a stylesheet may hold copies with other base URIs). -->
  <xsl:function name="ed:ref-targets" as="map(xs:string, element())" cache="yes">
    <xsl:param name="root" as="node()"/>
    <xsl:sequence select="if (not($root instance of document-node()) or empty(document-uri($root))
                              or $root//@xml:base) then map {} else map:merge(
      for $ref in distinct-values($root//@ref ! string(.))
      return ed:resolve-from#3($ref, $root, base-uri($root)) ! map {$ref: .})"/>
  </xsl:function>

  <!-- What a pointer leads to depends only on the document it stands in (its prefixDefs,
       its ids) and its base URI: remembered, as a document names the same entries often. -->
  <xsl:function name="ed:resolve-from" as="element()?" cache="yes">
    <xsl:param name="pointer" as="xs:string"/>
    <xsl:param name="root" as="node()"/>
    <xsl:param name="base" as="xs:anyURI?"/>
    <xsl:variable name="uri" select="ed:expand($pointer, $root)"/>
    <xsl:variable name="file" select="substring-before($uri, '#')"/>
    <xsl:variable name="id" select="substring-after($uri, '#')"/>
    <xsl:sequence select="if ($file = '') then ed:by-key('ed:id', $id, $root)
                          else ed:element-at($file, $base, $id)"/>
  </xsl:function>

  <!-- The element with an id in the file a relative reference leads to from a base. The
       reference resolves alike from every file of the base's folder (unless it is only a
       query, or the base has one), so it is remembered by folder: the letters of a folder
       name the same register entries, and each letter has a base of its own. -->
  <xsl:function name="ed:element-at" as="element()?">
    <xsl:param name="file" as="xs:string"/>
    <xsl:param name="base" as="xs:anyURI?"/>
    <xsl:param name="id" as="xs:string"/>
    <xsl:variable name="whole" select="starts-with($file, '?') or matches($base, '[?#]')"/>
    <xsl:sequence select="ed:element-from#3($file,
        if ($whole) then string($base) else replace($base, '/[^/]*$', '/'), $id)"/>
  </xsl:function>

  <xsl:function name="ed:element-from" as="element()?" cache="yes">
    <xsl:param name="file" as="xs:string"/>
    <xsl:param name="base" as="xs:string"/>
    <xsl:param name="id" as="xs:string"/>
    <xsl:variable name="uri" select="resolve-uri($file, $base)"/>
    <xsl:sequence select="if (doc-available($uri)) then ed:by-key('ed:id', $id, doc($uri)) else ()"/>
  </xsl:function>

  <!-- The first element with this key in a document; a tree that is not a document is searched. -->
  <xsl:function name="ed:by-key" as="element()?">
    <xsl:param name="name" as="xs:string"/>
    <xsl:param name="value" as="xs:string"/>
    <xsl:param name="root" as="node()?"/>
    <xsl:sequence select="
      if ($root instance of document-node()) then key($name, $value, $root)[1]
      else if ($name = 'ed:prefix') then $root//tei:prefixDef[@ident = $value][1]
      else $root//*[@xml:id = $value][1]"/>
  </xsl:function>

  <!-- Footnotes and pointers to notes, as opposed to notes that are part of the layout. -->
  <xsl:function name="ed:is-marker" as="xs:boolean">
    <xsl:param name="node" as="element()"/>
    <xsl:sequence select="boolean($node[self::tei:note[not(@type = ('source', 'received'))] or self::tei:ptr[@type = 'noteref']])"/>
  </xsl:function>

  <!-- The running number of a note marker in its document's text: markers before it in
       document order, not counting the notes it stands in. The markers of a document are
       counted once (cache) instead of by a preceding:: count for each marker. -->
  <xsl:function name="ed:marker-number" as="xs:integer">
    <xsl:param name="marker" as="element()"/>
    <xsl:variable name="position" select="ed:marker-positions#1(root($marker))(generate-id($marker))"/>
    <xsl:sequence select="if (exists($position))
      then $position - count($marker/ancestor::*[ed:is-marker(.)])
      else count($marker/preceding::*[ed:is-marker(.) and ancestor::tei:text]) + 1"/>
  </xsl:function>

  <xsl:function name="ed:marker-positions" as="map(xs:string, xs:integer)" cache="yes">
    <xsl:param name="root" as="node()"/>
    <xsl:variable name="markers" select="$root//tei:text//*[ed:is-marker(.)]"/>
    <xsl:sequence select="map:merge(
      for $i in 1 to count($markers) return map { generate-id($markers[$i]): $i })"/>
  </xsl:function>

  <!-- '1941-08-04' as '4 August 1941'; partial dates as far as they go. -->
  <xsl:function name="ed:date" as="xs:string">
    <xsl:param name="iso" as="xs:string?"/>
    <xsl:variable name="day" select="substring($iso, 1, 10)"/>
    <xsl:sequence select="
      if (not($iso)) then 'undated'
      else if ($day castable as xs:date) then format-date(xs:date($day), '[D] [MNn] [Y]')
      else if (matches($iso, '^\d{4}-\d{2}$')) then format-date(xs:date($iso || '-01'), '[MNn] [Y]')
      else $iso"/>
  </xsl:function>

  <!-- The date a letter is filed under: sent, else received, else handed over (or sent
       by), else the date of its creation (a memorandum's conversation). -->
  <xsl:function name="ed:letter-date" as="xs:string?">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:variable name="actions" select="$tei/tei:teiHeader/tei:profileDesc/tei:correspDesc[1]/tei:correspAction"/>
    <xsl:variable name="sent" select="$actions[@type = 'sent']/tei:date/(@when, @notBefore, @from)[1]"/>
    <xsl:variable name="received" select="$actions[@type = 'received']/tei:date/(@when, @notBefore, @from)[1]"/>
    <xsl:variable name="other" select="($actions/tei:date/(@when, @notAfter),
        $tei/tei:teiHeader/tei:profileDesc/tei:creation/tei:date/(@when, @from, @notBefore))[1]"/>
    <xsl:sequence select="string(($sent, $received, $other)[1])"/>
  </xsl:function>

  <!-- The date element a letter is known by: its sending, else its receipt, else any other
       action's (a handing-over), else the creation of a memorandum. -->
  <xsl:function name="ed:letter-date-element" as="element(tei:date)?">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:variable name="profile" select="$tei/tei:teiHeader/tei:profileDesc"/>
    <xsl:variable name="actions" select="$profile/tei:correspDesc[1]/tei:correspAction"/>
    <xsl:sequence select="($actions[@type = 'sent']/tei:date[@when or @notBefore or @from],
                           $actions[@type = 'received']/tei:date[@when or @notBefore or @from],
                           $actions/tei:date[@when or @notAfter],
                           $profile/tei:creation/tei:date[@when or @from or @notBefore])[1]"/>
  </xsl:function>

  <!-- A date as a reader says it, bounds included: '4 August 1941', 'not before 8 January
       1943', 'between 1 and 3 May 1942' (as two dates), 'from … to …'. -->
  <xsl:function name="ed:date-label" as="xs:string?">
    <xsl:param name="date" as="element(tei:date)?"/>
    <xsl:sequence select="
      if ($date/@when) then ed:date($date/@when)
      else if ($date/@from and $date/@to and substring($date/@from, 1, 10) = substring($date/@to, 1, 10))
      then ed:date($date/@from) || ($date[contains(@from, 'T') and contains(@to, 'T')]
           ! (', ' || ed:clock(@from) || '–' || ed:clock(@to)))
      else if ($date/@from and $date/@to) then 'from ' || ed:date($date/@from) || ' to ' || ed:date($date/@to)
      else if ($date/@notBefore and $date/@notAfter) then 'between ' || ed:date($date/@notBefore) || ' and ' || ed:date($date/@notAfter)
      else if ($date/@notBefore) then 'not before ' || ed:date($date/@notBefore)
      else if ($date/@notAfter) then 'not after ' || ed:date($date/@notAfter)
      else ()"/>
  </xsl:function>

  <!-- The time of day of an ISO date-time, as written: '1941-07-30T18:30:00' → '18:30'. -->
  <xsl:function name="ed:clock" as="xs:string">
    <xsl:param name="iso" as="xs:string"/>
    <xsl:sequence select="substring(substring-after($iso, 'T'), 1, 5)"/>
  </xsl:function>

  <!-- Sort key of a letter: its date, undated letters last. -->
  <xsl:function name="ed:sort-date" as="xs:string">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:sequence select="(ed:letter-date($tei)[. ne ''], '9999')[1]"/>
  </xsl:function>

  <!-- The query selecting a folder's TEI files exactly as `edition validate` checks them:
       *.xml, hidden files (names starting with a dot) skipped. -->
  <xsl:variable name="ed:tei-files" as="xs:string" select="'?match=[^.].*\.xml'"/>

  <!-- Every letter of the edition in the order of the correspondence. -->
  <xsl:function name="ed:letters" as="element(tei:TEI)*">
    <xsl:param name="tei-dir" as="xs:string"/>
    <xsl:perform-sort select="collection($tei-dir || 'letters' || $ed:tei-files)/tei:TEI">
      <xsl:sort select="ed:sort-date(.)"/>
      <xsl:sort select="xs:integer((tei:teiHeader//tei:biblScope[@unit = 'letter'][. castable as xs:integer], 0)[1])"/>
      <xsl:sort select="@xml:id"/>
    </xsl:perform-sort>
  </xsl:function>

  <!-- Regularised display name of a register entry: 'Joseph Vissarionovich Stalin'. -->
  <xsl:function name="ed:display-name" as="xs:string">
    <xsl:param name="entry" as="element()?"/>
    <xsl:param name="fallback" as="xs:string"/>
    <xsl:variable name="reg" select="$entry/*[@type = 'reg'][1]"/>
    <xsl:sequence select="
      if ($reg/tei:surname)
      then normalize-space(string-join(($reg/tei:forename, $reg/tei:surname), ' '))
      else if ($reg) then normalize-space($reg)
      else normalize-space($fallback)"/>
  </xsl:function>

  <!-- Surname of a register entry, for lists where space is short. -->
  <xsl:function name="ed:short-name" as="xs:string">
    <xsl:param name="entry" as="element()?"/>
    <xsl:param name="fallback" as="xs:string"/>
    <xsl:variable name="reg" select="$entry/*[@type = 'reg'][1]"/>
    <xsl:sequence select="normalize-space(($reg/tei:surname, $reg, $fallback)[1])"/>
  </xsl:function>

  <!-- The people of one correspAction, by their register names (full or short). -->
  <xsl:function name="ed:people" as="xs:string">
    <xsl:param name="action" as="element(tei:correspAction)?"/>
    <xsl:sequence select="ed:people($action, false())"/>
  </xsl:function>

  <xsl:function name="ed:people" as="xs:string">
    <xsl:param name="action" as="element(tei:correspAction)?"/>
    <xsl:param name="short" as="xs:boolean"/>
    <xsl:sequence select="string-join(
      for $n in $action/(tei:persName | tei:orgName | tei:name)
      return (let $entry := if ($n/@ref) then ed:resolve($n/@ref, $n) else ()
              return if ($short) then ed:short-name($entry, string($n))
                     else ed:display-name($entry, string($n))),
      ' and ')"/>
  </xsl:function>

  <xsl:function name="ed:title" as="xs:string">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:sequence select="normalize-space($tei/tei:teiHeader/tei:fileDesc/tei:titleStmt/tei:title[1])"/>
  </xsl:function>

  <!-- A citation of the source in one line. -->
  <xsl:function name="ed:citation" as="xs:string">
    <xsl:param name="bibl" as="element(tei:bibl)?"/>
    <xsl:sequence select="normalize-space(string-join((
      $bibl/tei:author,
      $bibl/tei:title[not(@type = 'sub')],
      $bibl/tei:title[@type = 'sub'],
      string-join(($bibl/tei:pubPlace, $bibl/tei:publisher), ': '),
      $bibl/tei:date,
      for $s in $bibl/tei:biblScope return
        (if ($s/@unit = 'letter') then 'No. ' else if ($s/@unit = 'page') then 'p. ' else if ($s/@unit = 'volume') then 'vol. ' else '') || $s
      )[normalize-space()], ', '))"/>
  </xsl:function>

  <!-- The note a marker points to, and the number the reader sees. -->
  <xsl:function name="ed:note-missing" as="xs:boolean">
    <xsl:param name="note" as="element(tei:note)?"/>
    <xsl:sequence select="empty($note) or (empty($note/node()[not(self::tei:gap)][normalize-space(.) or self::*]))"/>
  </xsl:function>
</xsl:stylesheet>
