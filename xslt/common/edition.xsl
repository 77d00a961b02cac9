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
      then replace(substring-after($pointer, ':'), $def/@matchPattern, $def/@replacementPattern)
      else $pointer"/>
  </xsl:function>

  <!-- The element a pointer leads to, in this file or another one of the edition. -->
  <xsl:function name="ed:resolve" as="element()?">
    <xsl:param name="pointer" as="xs:string"/>
    <xsl:param name="context" as="node()"/>
    <xsl:variable name="uri" select="ed:expand($pointer, $context)"/>
    <xsl:variable name="file" select="substring-before($uri, '#')"/>
    <xsl:variable name="id" select="substring-after($uri, '#')"/>
    <xsl:variable name="doc" select="
      if ($file = '') then root($context)
      else if (doc-available(resolve-uri($file, base-uri($context))))
      then doc(resolve-uri($file, base-uri($context))) else ()"/>
    <xsl:sequence select="ed:by-key('ed:id', $id, $doc)"/>
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

  <!-- The running number of a note marker in its document's text: markers before it in
       document order, not counting the notes it stands in. The markers of a document are
       counted once (cache) instead of by a preceding:: count for each marker. -->
  <xsl:function name="ed:marker-number" as="xs:integer">
    <xsl:param name="marker" as="element()"/>
    <xsl:variable name="position" select="ed:marker-positions(root($marker))(generate-id($marker))"/>
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

  <!-- The date a letter is filed under: sent, else received. -->
  <xsl:function name="ed:letter-date" as="xs:string?">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:variable name="actions" select="$tei/tei:teiHeader/tei:profileDesc/tei:correspDesc[1]/tei:correspAction"/>
    <xsl:variable name="sent" select="$actions[@type = 'sent']/tei:date/(@when, @notBefore, @from)[1]"/>
    <xsl:variable name="received" select="$actions[@type = 'received']/tei:date/(@when, @notBefore, @from)[1]"/>
    <xsl:sequence select="string(($sent, $received)[1])"/>
  </xsl:function>

  <!-- Sort key of a letter: its date, undated letters last. -->
  <xsl:function name="ed:sort-date" as="xs:string">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:sequence select="(ed:letter-date($tei)[. ne ''], '9999')[1]"/>
  </xsl:function>

  <!-- Every letter of the edition in the order of the correspondence. -->
  <xsl:function name="ed:letters" as="element(tei:TEI)*">
    <xsl:param name="tei-dir" as="xs:string"/>
    <xsl:perform-sort select="collection($tei-dir || 'letters?select=*.xml')/tei:TEI">
      <xsl:sort select="ed:sort-date(.)"/>
      <xsl:sort select="xs:integer((.//tei:biblScope[@unit = 'letter'], 0)[1])"/>
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
