<?xml version="1.0" encoding="UTF-8"?>
<!--
  The CMIF 1.1 export (Correspondence Metadata Interchange Format, read by correspSearch).
  Source document: tei/edition.xml. Parameters:
    $tei-dir    the URI of tei/
    $date       the publication date of this file (ISO date; Python keeps it stable while the
                content is unchanged)
    $source-id  the stable xml:id of the edition's bibl (a UUID-based name)
  One correspDesc per piece of correspondence: every letter's own correspDesc and every
  correspDesc a floatingText points at with @decls (a message carried inside another document).
  Documents whose type (textClass/catRef in the ed:doctypes scheme) is not correspondence are
  left out. Names are the registers' regularised names, pointing at authority files only.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:ed="urn:edition:functions"
    xmlns:cmif="urn:edition:cmif"
    xmlns="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all">

  <xsl:import href="../common/edition.xsl"/>

  <xsl:param name="tei-dir" as="xs:string" required="yes"/>
  <xsl:param name="date" as="xs:string" required="yes"/>
  <xsl:param name="source-id" as="xs:string" required="yes"/>

  <xsl:output method="xml" encoding="UTF-8" indent="yes"/>

  <!-- Document types that are not letters exchanged between people (ed:doctypes categories). -->
  <xsl:variable name="not-correspondence" as="xs:string*"
                select="'doctype-memorandum', 'doctype-briefing-paper'"/>

  <!-- The authority files correspSearch reads, in order of preference, and their URIs.
       Wikidata comes last: correspSearch accepts it only with a warning. -->
  <xsl:variable name="authorities" as="element(cmif:authority)*">
    <cmif:authority type="viaf" uri="http://viaf.org/viaf/"/>
    <cmif:authority type="gnd" uri="http://d-nb.info/gnd/"/>
    <cmif:authority type="lc" uri="http://lccn.loc.gov/"/>
    <cmif:authority type="bnf" uri="http://catalogue.bnf.fr/ark:/12148/cb"/>
    <cmif:authority type="ndl" uri="http://id.ndl.go.jp/auth/ndlna/"/>
    <cmif:authority type="geonames" uri="http://www.geonames.org/"/>
    <cmif:authority type="wikidata" uri="http://www.wikidata.org/entity/"/>
  </xsl:variable>

  <xsl:variable name="edition" select="/tei:TEI"/>
  <xsl:variable name="publication" select="$edition/tei:teiHeader/tei:fileDesc/tei:publicationStmt"/>
  <xsl:variable name="base-url" as="xs:string"
                select="normalize-space($publication/tei:idno[@type = 'URL'][1])"/>

  <xsl:template match="/">
    <xsl:if test="$base-url = ''">
      <xsl:message terminate="yes">tei/edition.xml has no public base URL: an editor sets it in teiHeader/fileDesc/publicationStmt/idno[@type='URL']</xsl:message>
    </xsl:if>
    <TEI>
      <teiHeader>
        <fileDesc>
          <titleStmt>
            <title>
              <xsl:value-of select="normalize-space($edition//tei:titleStmt/tei:title[@type = 'main'])"/>
              <xsl:text>: correspondence metadata (CMIF)</xsl:text>
            </title>
            <xsl:for-each select="$edition//tei:titleStmt/tei:respStmt[1]">
              <editor><xsl:value-of select="normalize-space(tei:orgName | tei:persName | tei:name)"/></editor>
            </xsl:for-each>
          </titleStmt>
          <publicationStmt>
            <publisher><xsl:value-of select="normalize-space($publication/tei:publisher[1])"/></publisher>
            <idno type="url"><xsl:value-of select="ed:public-url('cmif.xml')"/></idno>
            <date when="{$date}"/>
            <availability>
              <xsl:for-each select="$publication/tei:availability/tei:licence[1]">
                <licence target="{@target}">
                  <xsl:value-of select="normalize-space(.)"/>
                </licence>
              </xsl:for-each>
            </availability>
          </publicationStmt>
          <sourceDesc>
            <bibl type="online" xml:id="{$source-id}">
              <xsl:value-of select="normalize-space($edition//tei:titleStmt/tei:title[@type = 'main'])"/>
              <xsl:text>. </xsl:text>
              <xsl:value-of select="normalize-space($publication/tei:publisher[1])"/>
              <xsl:text>. </xsl:text>
              <ref target="{$base-url}"><xsl:value-of select="$base-url"/></ref>
            </bibl>
          </sourceDesc>
        </fileDesc>
        <profileDesc>
          <xsl:for-each select="ed:letters($tei-dir)[cmif:is-correspondence(.)]">
            <xsl:variable name="letter" select="."/>
            <xsl:variable name="page" select="ed:public-url('letters/' || @xml:id || '.html')"/>
            <xsl:variable name="descs" select="tei:teiHeader/tei:profileDesc/tei:correspDesc"/>
            <xsl:for-each select="$descs">
              <!-- a message carried inside the document: the floatingText pointing here -->
              <xsl:variable name="carrier" as="element()?" select="$letter/tei:text
                //*[@decls][tokenize(@decls) = '#' || current()/@xml:id][1]"/>
              <xsl:apply-templates select="." mode="cmif">
                <xsl:with-param name="url" select="$page || ($carrier/@xml:id ! ('#' || .))"/>
              </xsl:apply-templates>
            </xsl:for-each>
          </xsl:for-each>
        </profileDesc>
      </teiHeader>
      <text>
        <body>
          <p/>
        </body>
      </text>
    </TEI>
  </xsl:template>

  <xsl:function name="ed:public-url" as="xs:string">
    <xsl:param name="path" as="xs:string"/>
    <xsl:sequence select="replace($base-url, '/+$', '') || '/' || $path"/>
  </xsl:function>

  <!-- A letter is correspondence unless its document type says otherwise. -->
  <xsl:function name="cmif:is-correspondence" as="xs:boolean">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:variable name="types" select="$tei/tei:teiHeader/tei:profileDesc/tei:textClass
      /tei:catRef[@scheme = 'ed:doctypes']/tokenize(@target) ! substring-after(., 'ed:')"/>
    <xsl:sequence select="not($types = $not-correspondence)
                          and exists($tei/tei:teiHeader/tei:profileDesc/tei:correspDesc)"/>
  </xsl:function>

  <!-- CMIF needs a sender and an addressee: a description without one is named, not exported. -->
  <xsl:template match="tei:correspDesc[not(tei:correspAction[@type = 'sent']/(tei:persName | tei:orgName))
                       or not(tei:correspAction[@type = 'received']/(tei:persName | tei:orgName))]"
                mode="cmif" priority="2">
    <xsl:param name="url" as="xs:string"/>
    <xsl:comment> not exported: <xsl:value-of select="$url"/> has no sender or no addressee </xsl:comment>
  </xsl:template>

  <xsl:template match="tei:correspDesc" mode="cmif">
    <xsl:param name="url" as="xs:string"/>
    <correspDesc ref="{$url}" source="#{$source-id}">
      <!-- CMIF knows only sent and received; a transmitting intermediary is neither. -->
      <xsl:apply-templates select="tei:correspAction[@type = ('sent', 'received')]" mode="cmif"/>
    </correspDesc>
  </xsl:template>

  <xsl:template match="tei:correspAction" mode="cmif">
    <correspAction type="{@type}">
      <xsl:apply-templates select="tei:persName | tei:orgName | tei:placeName | tei:date" mode="cmif"/>
    </correspAction>
  </xsl:template>

  <xsl:template match="tei:persName | tei:orgName | tei:placeName" mode="cmif">
    <xsl:variable name="entry" select="if (@ref) then ed:resolve(@ref, .) else ()"/>
    <xsl:variable name="authority" as="xs:string?" select="cmif:authority-uri($entry)"/>
    <xsl:element name="{local-name()}">
      <xsl:if test="$authority">
        <xsl:attribute name="ref" select="$authority"/>
      </xsl:if>
      <xsl:value-of select="cmif:register-name($entry, string(.))"/>
    </xsl:element>
  </xsl:template>

  <!-- The register's regularised name as catalogues write it: 'Stalin, Joseph Vissarionovich'. -->
  <xsl:function name="cmif:register-name" as="xs:string">
    <xsl:param name="entry" as="element()?"/>
    <xsl:param name="fallback" as="xs:string"/>
    <xsl:variable name="reg" select="$entry/*[@type = 'reg'][1]"/>
    <xsl:sequence select="normalize-space(if ($reg) then string($reg) else $fallback)"/>
  </xsl:function>

  <xsl:function name="cmif:authority-uri" as="xs:string?">
    <xsl:param name="entry" as="element()?"/>
    <xsl:sequence select="(for $a in $authorities,
                               $id in $entry/tei:idno[@type = $a/@type][normalize-space()]
                           return $a/@uri || normalize-space($id))[1]"/>
  </xsl:function>

  <!-- Dates at the precision correspSearch indexes (days); the edition keeps the times. -->
  <xsl:template match="tei:date" mode="cmif">
    <xsl:variable name="dating" select="@when | @from | @to | @notBefore | @notAfter"/>
    <xsl:if test="$dating">
      <date>
        <xsl:for-each select="$dating">
          <xsl:attribute name="{local-name()}" select="substring(., 1, 10)"/>
        </xsl:for-each>
        <!-- CMIF knows one degree of doubt: cert="low"; a date we are sure of carries none. -->
        <xsl:if test="@cert = ('low', 'medium')">
          <xsl:attribute name="cert" select="'low'"/>
        </xsl:if>
      </date>
    </xsl:if>
  </xsl:template>

</xsl:stylesheet>
