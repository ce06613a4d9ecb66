"""The chip of the citizen ID card, an ICAO 9303 eMRTD, spoken to over one APDU transport.

The path, in the order a read takes it (ICAO Doc 9303 parts 10 and 11):

- ``transport``: APDUs to a card (PC/SC, or the software card), GET RESPONSE
  and wrong-length retries, extended length where the data needs it;
- ``card_access``: EF.CardAccess, the PACE parameters the chip offers;
- ``pace``: PACE with the card access number (ECDH generic mapping), which
  yields the session keys;
- ``secure_messaging``: every later APDU encrypted and MACed with them;
- ``lds``: EF.COM, EF.SOD, DG1 (MRZ) and DG13 (Viet Nam's data) parsed;
- ``passive_auth``: EF.SOD's CMS signature, its signer's certificate against
  the country signing CA, each data group's hash;
- ``reader``: the whole read, from a transport and six digits to a verified
  identity;
- ``software_card`` and ``issuing``: a virtual card and the test issuer that
  signs its data, for the demo and the tests.

Cryptography comes from ``cryptography`` (AES, CMAC, hashes, signatures) and
``ecdsa`` (point arithmetic on the named curves); this package only speaks
the protocol.
"""
