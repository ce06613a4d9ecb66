<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="vi_VN">
<context>
    <name>AssistantScreen</name>
    <message>
        <location filename="../screens/assistant.py" line="49"/>
        <source>Open the guide</source>
        <translation>Mở hướng dẫn</translation>
    </message>
    <message>
        <location filename="../screens/assistant.py" line="50"/>
        <source>Fees</source>
        <translation>Lệ phí</translation>
    </message>
    <message>
        <location filename="../screens/assistant.py" line="51"/>
        <source>How long it takes</source>
        <translation>Thời gian giải quyết</translation>
    </message>
    <message>
        <location filename="../screens/assistant.py" line="52"/>
        <source>Papers to bring</source>
        <translation>Giấy tờ cần mang</translation>
    </message>
    <message>
        <location filename="../screens/assistant.py" line="53"/>
        <source>Where to go</source>
        <translation>Nộp ở đâu</translation>
    </message>
    <message>
        <location filename="../screens/assistant.py" line="54"/>
        <source>Dossier status</source>
        <translation>Tra cứu hồ sơ</translation>
    </message>
    <message>
        <location filename="../screens/assistant.py" line="55"/>
        <source>Queue number</source>
        <translation>Lấy số thứ tự</translation>
    </message>
    <message>
        <location filename="../screens/assistant.py" line="56"/>
        <source>Home screen</source>
        <translation>Màn hình chính</translation>
    </message>
    <message>
        <location filename="../screens/assistant.py" line="57"/>
        <source>Go back</source>
        <translation>Quay lại</translation>
    </message>
    <message>
        <location filename="../screens/assistant.py" line="58"/>
        <source>Say it again</source>
        <translation>Nói lại</translation>
    </message>
    <message>
        <location filename="../screens/assistant.py" line="59"/>
        <source>What can I ask?</source>
        <translation>Tôi có thể hỏi gì?</translation>
    </message>
    <message>
        <location filename="../screens/assistant.py" line="60"/>
        <source>Change language</source>
        <translation>Đổi ngôn ngữ</translation>
    </message>
    <message>
        <location filename="../screens/assistant.py" line="61"/>
        <source>Talk to staff</source>
        <translation>Gặp cán bộ</translation>
    </message>
    <message>
        <location filename="../screens/assistant.py" line="230"/>
        <source>Sample question (spoken by the kiosk): {text}</source>
        <translation>Câu hỏi mẫu (máy tự đọc): {text}</translation>
    </message>
    <message>
        <location filename="../screens/assistant.py" line="256"/>
        <source>You asked: {text}</source>
        <translation>Ông/Bà hỏi: {text}</translation>
    </message>
    <message>
        <location filename="../screens/assistant.py" line="275"/>
        <source>The microphone is not working. Please type your question.</source>
        <translation>Micrô đang không hoạt động. Xin Ông/Bà gõ câu hỏi.</translation>
    </message>
    <message>
        <location filename="../screens/assistant.py" line="282"/>
        <source>I hear: {text}</source>
        <translation>Tôi đang nghe: {text}</translation>
    </message>
    <message>
        <location filename="../screens/assistant.py" line="290"/>
        <source>You said: {text}</source>
        <translation>Ông/Bà nói: {text}</translation>
    </message>
    <message>
        <location filename="../screens/assistant.py" line="292"/>
        <source>I heard nothing I know.</source>
        <translation>Tôi chưa nghe được câu nào tôi hiểu.</translation>
    </message>
    <message>
        <location filename="../screens/assistant.py" line="333"/>
        <source>I will open the guide: {name}</source>
        <translation>Tôi sẽ mở hướng dẫn: {name}</translation>
    </message>
    <message>
        <location filename="../screens/assistant.py" line="335"/>
        <source>I will go to: {place}</source>
        <translation>Tôi sẽ chuyển đến: {place}</translation>
    </message>
    <message>
        <location filename="../screens/assistant.py" line="339"/>
        <source>{topic} — {name}</source>
        <translation>{topic} — {name}</translation>
    </message>
    <message>
        <location filename="../screens/assistant.py" line="357"/>
        <source>Open: {name}</source>
        <translation>Mở: {name}</translation>
    </message>
    <message>
        <location filename="../screens/assistant.py" line="368"/>
        <source>Find a procedure</source>
        <translation>Tìm thủ tục</translation>
    </message>
    <message>
        <location filename="../screens/assistant.py" line="409"/>
        <source>Listening… tap the microphone again when you have finished.</source>
        <translation>Đang nghe… nói xong, Ông/Bà chạm micrô lần nữa.</translation>
    </message>
    <message>
        <location filename="../screens/assistant.py" line="411"/>
        <source>Speech recognition is starting; you can type meanwhile.</source>
        <translation>Đang khởi động nhận dạng giọng nói; trong lúc chờ Ông/Bà có thể gõ.</translation>
    </message>
    <message>
        <location filename="../screens/assistant.py" line="413"/>
        <source>No speech model for this language yet. Demo: play a sample question below.</source>
        <translation>Chưa có mô hình giọng nói cho ngôn ngữ này. Demo: phát câu hỏi mẫu bên dưới.</translation>
    </message>
    <message>
        <location filename="../screens/assistant.py" line="418"/>
        <source>Speaking is not available in this language here; please type.</source>
        <translation>Máy này chưa nghe được ngôn ngữ này; xin Ông/Bà gõ câu hỏi.</translation>
    </message>
    <message>
        <location filename="../screens/assistant.py" line="422"/>
        <source>Tap the microphone, then ask your question.</source>
        <translation>Chạm vào micrô rồi nói câu hỏi của Ông/Bà.</translation>
    </message>
    <message>
        <location filename="../screens/assistant.py" line="429"/>
        <source>Stop</source>
        <translation>Dừng</translation>
    </message>
    <message>
        <location filename="../screens/assistant.py" line="431"/>
        <source>Tap to speak</source>
        <translation>Chạm để nói</translation>
    </message>
    <message>
        <location filename="../screens/assistant.py" line="436"/>
        <source>Ask the assistant</source>
        <translation>Hỏi trợ lý ảo</translation>
    </message>
    <message>
        <location filename="../screens/assistant.py" line="438"/>
        <source>Ask about fees, time, papers or where to go, for example “birth registration fee”.</source>
        <translation>Hỏi về lệ phí, thời gian, giấy tờ hay nơi nộp, ví dụ “lệ phí đăng ký khai sinh”.</translation>
    </message>
    <message>
        <location filename="../screens/assistant.py" line="443"/>
        <source>Or type your question here</source>
        <translation>Hoặc gõ câu hỏi vào đây</translation>
    </message>
    <message>
        <location filename="../screens/assistant.py" line="444"/>
        <source>Your question</source>
        <translation>Câu hỏi của Ông/Bà</translation>
    </message>
    <message>
        <location filename="../screens/assistant.py" line="445"/>
        <source>Ask</source>
        <translation>Hỏi</translation>
    </message>
    <message>
        <location filename="../screens/assistant.py" line="446"/>
        <source>Demo: play a sample question (Korean voice)</source>
        <translation>Demo: phát câu hỏi mẫu (giọng tiếng Hàn)</translation>
    </message>
    <message>
        <location filename="../screens/assistant.py" line="447"/>
        <source>Microphone</source>
        <translation>Micrô</translation>
    </message>
</context>
<context>
    <name>CategoryScreen</name>
    <message>
        <location filename="../screens/procedures.py" line="175"/>
        <source>Tap the procedure you need.</source>
        <translation>Chạm vào thủ tục Ông/Bà cần.</translation>
    </message>
    <message>
        <location filename="../screens/procedures.py" line="179"/>
        <source>Previous page</source>
        <translation>Trang trước</translation>
    </message>
    <message>
        <location filename="../screens/procedures.py" line="180"/>
        <source>Next page</source>
        <translation>Trang sau</translation>
    </message>
    <message>
        <location filename="../screens/procedures.py" line="182"/>
        <source>Page {page} of {pages}</source>
        <translation>Trang {page}/{pages}</translation>
    </message>
</context>
<context>
    <name>ChecklistScreen</name>
    <message>
        <location filename="../screens/procedure_flow.py" line="521"/>
        <source>Print this checklist</source>
        <translation>In danh sách này</translation>
    </message>
    <message>
        <location filename="../screens/procedure_flow.py" line="500"/>
        <source>Take a queue number</source>
        <translation>Lấy số thứ tự</translation>
    </message>
    <message>
        <location filename="../screens/procedure_flow.py" line="457"/>
        <source>Read my ID card</source>
        <translation>Đọc thẻ căn cước của tôi</translation>
    </message>
    <message>
        <location filename="../screens/procedure_flow.py" line="459"/>
        <source>Asking the city which of these papers it already holds…</source>
        <translation>Đang hỏi Thành phố những giấy tờ nào đã có trong hồ sơ của Ông/Bà…</translation>
    </message>
    <message>
        <location filename="../screens/procedure_flow.py" line="461"/>
        <source>The city may already hold some of these papers. Read your ID card to see.</source>
        <translation>Thành phố có thể đã lưu một số giấy tờ này. Đọc thẻ căn cước để biết.</translation>
    </message>
    <message>
        <location filename="../screens/procedure_flow.py" line="465"/>
        <source>Your card was read from its QR code, which anyone could copy. To see papers the city holds for you, put the card on the reader.</source>
        <translation>Thẻ của Ông/Bà được đọc qua mã QR, mà ai cũng có thể sao chép. Để xem giấy tờ Thành phố đang lưu cho Ông/Bà, hãy đặt thẻ lên đầu đọc.</translation>
    </message>
    <message>
        <location filename="../screens/procedure_flow.py" line="471"/>
        <source>The city&apos;s records cannot be reached now: bring every paper listed.</source>
        <translation>Hiện chưa kết nối được dữ liệu của Thành phố: xin mang đủ các giấy tờ trong danh sách.</translation>
    </message>
    <message>
        <location filename="../screens/procedure_flow.py" line="475"/>
        <source>Checked with the city&apos;s records for you.</source>
        <translation>Đã đối chiếu với dữ liệu của Thành phố cho Ông/Bà.</translation>
    </message>
    <message>
        <location filename="../screens/procedure_flow.py" line="506"/>
        <source>Your checklist: {procedure}</source>
        <translation>Danh sách của Ông/Bà: {procedure}</translation>
    </message>
    <message>
        <location filename="../screens/procedure_flow.py" line="525"/>
        <source>Show this checklist on screen</source>
        <translation>Xem danh sách này trên màn hình</translation>
    </message>
    <message>
        <location filename="../screens/procedure_flow.py" line="545"/>
        <source>This kiosk has no printer: here is your list on screen.</source>
        <translation>Máy này không có máy in: danh sách được hiển thị trên màn hình.</translation>
    </message>
    <message>
        <location filename="../screens/procedure_flow.py" line="548"/>
        <source>Here is your list on screen. You can photograph it.</source>
        <translation>Danh sách của Ông/Bà hiện trên màn hình. Ông/Bà có thể chụp ảnh lại.</translation>
    </message>
    <message>
        <location filename="../screens/procedure_flow.py" line="544"/>
        <source>Printed. Please take your paper below.</source>
        <translation>Đã in xong. Vui lòng lấy phiếu ở khe bên dưới.</translation>
    </message>
</context>
<context>
    <name>DemoDevices</name>
    <message>
        <location filename="../screens/demo_devices.py" line="83"/>
        <source>Demo devices</source>
        <translation>Thiết bị mô phỏng</translation>
    </message>
    <message>
        <location filename="../screens/demo_devices.py" line="85"/>
        <source>Scan a sample appointment slip</source>
        <translation>Quét giấy hẹn mẫu</translation>
    </message>
    <message>
        <location filename="../screens/demo_devices.py" line="86"/>
        <source>Scan a sample ID card (invented person)</source>
        <translation>Quét thẻ căn cước mẫu (người giả định)</translation>
    </message>
    <message>
        <location filename="../screens/demo_devices.py" line="87"/>
        <source>Scan a sample booking for today</source>
        <translation>Quét lịch hẹn mẫu của hôm nay</translation>
    </message>
    <message>
        <location filename="../screens/demo_devices.py" line="88"/>
        <source>Scan an unrelated code</source>
        <translation>Quét một mã không liên quan</translation>
    </message>
    <message>
        <location filename="../screens/demo_devices.py" line="89"/>
        <source>ID-card reader: put a sample card on / take it off</source>
        <translation>Đầu đọc thẻ: đặt thẻ mẫu lên / lấy thẻ ra</translation>
    </message>
    <message>
        <location filename="../screens/demo_devices.py" line="90"/>
        <source>Scanner: plug in / unplug</source>
        <translation>Máy quét: cắm vào / rút ra</translation>
    </message>
    <message>
        <location filename="../screens/demo_devices.py" line="91"/>
        <source>ID-card reader: plug in / unplug</source>
        <translation>Đầu đọc thẻ: cắm vào / rút ra</translation>
    </message>
    <message>
        <location filename="../screens/demo_devices.py" line="92"/>
        <source>Printer: paper in / out</source>
        <translation>Máy in: còn giấy / hết giấy</translation>
    </message>
    <message>
        <location filename="../screens/demo_devices.py" line="93"/>
        <source>Printer: cover closed / open</source>
        <translation>Máy in: đóng nắp / mở nắp</translation>
    </message>
    <message>
        <location filename="../screens/demo_devices.py" line="94"/>
        <source>Printer: plug in / unplug</source>
        <translation>Máy in: cắm / rút cáp</translation>
    </message>
</context>
<context>
    <name>DeviceWords</name>
    <message>
        <location filename="../device_words.py" line="15"/>
        <source>The printer is out of paper.</source>
        <translation>Máy in đã hết giấy.</translation>
    </message>
    <message>
        <location filename="../device_words.py" line="16"/>
        <source>The printer&apos;s cover is open.</source>
        <translation>Nắp máy in đang mở.</translation>
    </message>
    <message>
        <location filename="../device_words.py" line="18"/>
        <source>The printer is not working right now.</source>
        <translation>Máy in hiện không hoạt động.</translation>
    </message>
    <message>
        <location filename="../device_words.py" line="30"/>
        <source>No card was found on the reader.</source>
        <translation>Không thấy thẻ trên đầu đọc.</translation>
    </message>
    <message>
        <location filename="../device_words.py" line="31"/>
        <source>The ID-card reader is not working right now.</source>
        <translation>Đầu đọc thẻ căn cước hiện không hoạt động.</translation>
    </message>
    <message>
        <location filename="../device_words.py" line="33"/>
        <source>The card could not be read.</source>
        <translation>Không đọc được thẻ.</translation>
    </message>
</context>
<context>
    <name>DossierStatus</name>
    <message>
        <location filename="../screens/dossier_status.py" line="266"/>
        <source>That does not look like a dossier code. It looks like 000.00.29.H29-251201-0007, as printed under the QR code on your appointment slip.</source>
        <translation>Mã này không giống mã hồ sơ. Mã hồ sơ có dạng 000.00.29.H29-251201-0007, in dưới mã QR trên giấy hẹn trả kết quả.</translation>
    </message>
    <message>
        <location filename="../screens/dossier_status.py" line="206"/>
        <source>Dossier status</source>
        <translation>Tra cứu hồ sơ</translation>
    </message>
    <message>
        <location filename="../screens/dossier_status.py" line="210"/>
        <source>Hold the QR code of your appointment slip under the scanner, or type the dossier code.</source>
        <translation>Đưa mã QR trên giấy hẹn trả kết quả vào máy quét, hoặc nhập mã hồ sơ.</translation>
    </message>
    <message>
        <location filename="../screens/dossier_status.py" line="215"/>
        <location filename="../screens/dossier_status.py" line="216"/>
        <source>Dossier code</source>
        <translation>Mã hồ sơ</translation>
    </message>
    <message>
        <location filename="../screens/dossier_status.py" line="217"/>
        <source>Next</source>
        <translation>Tiếp</translation>
    </message>
    <message>
        <location filename="../screens/dossier_status.py" line="231"/>
        <source>Dossier {code}. To keep it private, type the owner&apos;s ID number (12 digits) or the lookup code printed on the slip.</source>
        <translation>Hồ sơ {code}. Để bảo vệ thông tin, xin nhập số định danh của người nộp hồ sơ (12 số) hoặc mã tra cứu in trên giấy hẹn.</translation>
    </message>
    <message>
        <location filename="../screens/dossier_status.py" line="237"/>
        <location filename="../screens/dossier_status.py" line="238"/>
        <source>ID number or slip code</source>
        <translation>Số định danh hoặc mã tra cứu</translation>
    </message>
    <message>
        <location filename="../screens/dossier_status.py" line="228"/>
        <location filename="../screens/dossier_status.py" line="239"/>
        <source>Look up</source>
        <translation>Tra cứu</translation>
    </message>
    <message>
        <location filename="../screens/dossier_status.py" line="220"/>
        <source>Your appointment slip was read. To keep your dossier private, type the owner&apos;s ID number (12 digits).</source>
        <translation>Đã đọc giấy hẹn của Ông/Bà. Để bảo vệ hồ sơ, xin nhập số định danh của người nộp hồ sơ (12 số).</translation>
    </message>
    <message>
        <location filename="../screens/dossier_status.py" line="226"/>
        <location filename="../screens/dossier_status.py" line="227"/>
        <source>ID number</source>
        <translation>Số định danh</translation>
    </message>
    <message>
        <location filename="../screens/dossier_status.py" line="241"/>
        <source>Asking the city&apos;s system…</source>
        <translation>Đang hỏi hệ thống của Thành phố…</translation>
    </message>
    <message>
        <location filename="../screens/dossier_status.py" line="243"/>
        <source>Dossier {code}</source>
        <translation>Hồ sơ {code}</translation>
    </message>
    <message>
        <location filename="../screens/dossier_status.py" line="249"/>
        <source>Use my ID card (number ending {last})</source>
        <translation>Dùng thẻ căn cước của tôi (số cuối {last})</translation>
    </message>
    <message>
        <location filename="../screens/dossier_status.py" line="253"/>
        <source>Look up another dossier</source>
        <translation>Tra cứu hồ sơ khác</translation>
    </message>
    <message>
        <location filename="../screens/dossier_status.py" line="255"/>
        <source>Show it on screen only</source>
        <translation>Chỉ xem trên màn hình</translation>
    </message>
    <message>
        <location filename="../screens/dossier_status.py" line="257"/>
        <source>Print this status</source>
        <translation>In kết quả tra cứu</translation>
    </message>
    <message>
        <location filename="../screens/dossier_status.py" line="272"/>
        <source>Type the owner&apos;s ID number (12 digits), or the lookup code printed on the slip.</source>
        <translation>Xin nhập số định danh của người nộp hồ sơ (12 số), hoặc mã tra cứu in trên giấy hẹn.</translation>
    </message>
    <message>
        <location filename="../screens/dossier_status.py" line="277"/>
        <source>No dossier matches this code and ID number. Check both against your slip and try again.</source>
        <translation>Không có hồ sơ nào khớp với mã hồ sơ và số định danh này. Xin đối chiếu lại với giấy hẹn rồi thử lại.</translation>
    </message>
    <message>
        <location filename="../screens/dossier_status.py" line="283"/>
        <source>The city&apos;s system cannot be reached right now, so the kiosk cannot check your dossier.</source>
        <translation>Hiện chưa kết nối được hệ thống của Thành phố nên máy chưa tra cứu được hồ sơ của Ông/Bà.</translation>
    </message>
    <message>
        <location filename="../screens/dossier_status.py" line="292"/>
        <source>This kiosk has looked up as many dossiers as it may in one visit.</source>
        <translation>Máy đã tra cứu đủ số hồ sơ cho phép trong một lượt.</translation>
    </message>
    <message>
        <location filename="../screens/dossier_status.py" line="319"/>
        <source>Printed. Please take your paper below.</source>
        <translation>Đã in xong. Vui lòng lấy phiếu ở khe bên dưới.</translation>
    </message>
    <message>
        <location filename="../screens/dossier_status.py" line="323"/>
        <location filename="../screens/dossier_status.py" line="331"/>
        <source>The printer cannot print now: please take a photo of the screen.</source>
        <translation>Máy in hiện không in được: xin Ông/Bà chụp ảnh màn hình.</translation>
    </message>
</context>
<context>
    <name>ErrorScreen</name>
    <message>
        <location filename="../screens/error.py" line="40"/>
        <source>Sorry, something went wrong.</source>
        <translation>Xin lỗi, máy vừa gặp sự cố.</translation>
    </message>
    <message>
        <location filename="../screens/error.py" line="42"/>
        <source>Your information is safe. Tap the button to start again.</source>
        <translation>Thông tin của Ông/Bà vẫn an toàn. Chạm vào nút dưới đây để bắt đầu lại.</translation>
    </message>
    <message>
        <location filename="../screens/error.py" line="46"/>
        <source>Go to the home screen</source>
        <translation>Về màn hình chính</translation>
    </message>
</context>
<context>
    <name>FinishQuestion</name>
    <message>
        <location filename="../finish_question.py" line="41"/>
        <source>Finish your visit?</source>
        <translation>Kết thúc lượt làm việc?</translation>
    </message>
    <message>
        <location filename="../finish_question.py" line="43"/>
        <source>Your answers and your checklist will be deleted from this screen. Papers you printed are yours to keep.</source>
        <translation>Câu trả lời và danh sách giấy tờ của Ông/Bà sẽ được xóa khỏi màn hình. Giấy đã in Ông/Bà được giữ lại.</translation>
    </message>
    <message>
        <location filename="../finish_question.py" line="49"/>
        <source>No, go back</source>
        <translation>Không, quay lại</translation>
    </message>
    <message>
        <location filename="../finish_question.py" line="50"/>
        <source>Yes, finish</source>
        <translation>Có, kết thúc</translation>
    </message>
</context>
<context>
    <name>Formatting</name>
    <message>
        <location filename="../formatting.py" line="13"/>
        <source>Free</source>
        <translation>Miễn phí</translation>
    </message>
    <message>
        <location filename="../formatting.py" line="19"/>
        <source>The same working day</source>
        <translation>Trong ngày làm việc</translation>
    </message>
    <message>
        <location filename="../formatting.py" line="21"/>
        <source>1 working day</source>
        <translation>1 ngày làm việc</translation>
    </message>
    <message>
        <location filename="../formatting.py" line="22"/>
        <source>{days} working days</source>
        <translation>{days} ngày làm việc</translation>
    </message>
</context>
<context>
    <name>HomeScreen</name>
    <message>
        <location filename="../screens/home.py" line="169"/>
        <source>Most asked here</source>
        <translation>Thủ tục được hỏi nhiều ở đây</translation>
    </message>
    <message>
        <location filename="../screens/home.py" line="173"/>
        <source>Hello, {name}</source>
        <translation>Xin chào, {name}</translation>
    </message>
    <message>
        <location filename="../screens/home.py" line="175"/>
        <source>Hello!</source>
        <translation>Xin chào!</translation>
    </message>
    <message>
        <location filename="../screens/home.py" line="177"/>
        <source>What would you like to do today? Tap one of the tiles.</source>
        <translation>Ông/Bà cần làm gì hôm nay? Chạm vào một ô bên dưới.</translation>
    </message>
    <message>
        <location filename="../screens/home.py" line="181"/>
        <source>Administrative procedures</source>
        <translation>Thủ tục hành chính</translation>
    </message>
    <message>
        <location filename="../screens/home.py" line="182"/>
        <source>What to bring, fees and time, step by step</source>
        <translation>Giấy tờ cần mang, lệ phí, thời gian, từng bước một</translation>
    </message>
    <message>
        <location filename="../screens/home.py" line="185"/>
        <source>Dossier status</source>
        <translation>Tra cứu hồ sơ</translation>
    </message>
    <message>
        <location filename="../screens/home.py" line="186"/>
        <source>Scan your appointment slip or type its code</source>
        <translation>Quét giấy hẹn hoặc nhập mã hồ sơ</translation>
    </message>
    <message>
        <location filename="../screens/home.py" line="189"/>
        <source>Queue number</source>
        <translation>Lấy số thứ tự</translation>
    </message>
    <message>
        <location filename="../screens/home.py" line="190"/>
        <source>Take a number for a service counter</source>
        <translation>Lấy số để vào quầy giải quyết</translation>
    </message>
    <message>
        <location filename="../screens/home.py" line="193"/>
        <source>Ask the assistant</source>
        <translation>Hỏi trợ lý ảo</translation>
    </message>
    <message>
        <location filename="../screens/home.py" line="195"/>
        <source>Speak or type your question</source>
        <translation>Nói hoặc gõ câu hỏi</translation>
    </message>
    <message>
        <location filename="../screens/home.py" line="197"/>
        <source>Type your question</source>
        <translation>Gõ câu hỏi của Ông/Bà</translation>
    </message>
    <message>
        <location filename="../screens/home.py" line="200"/>
        <source>Check an e-licence</source>
        <translation>Kiểm tra giấy phép điện tử</translation>
    </message>
    <message>
        <location filename="../screens/home.py" line="201"/>
        <source>Scan the QR code on an electronic licence</source>
        <translation>Quét mã QR trên giấy phép điện tử</translation>
    </message>
    <message>
        <location filename="../screens/home.py" line="204"/>
        <source>Use my ID card</source>
        <translation>Dùng thẻ căn cước của tôi</translation>
    </message>
    <message>
        <location filename="../screens/home.py" line="205"/>
        <source>The kiosk reads your name for the forms, with your permission</source>
        <translation>Máy đọc họ tên để điền biểu mẫu, khi Ông/Bà đồng ý</translation>
    </message>
</context>
<context>
    <name>IdCardScreen</name>
    <message>
        <location filename="../screens/id_card.py" line="121"/>
        <source>Read your ID card</source>
        <translation>Đọc thẻ căn cước</translation>
    </message>
    <message>
        <location filename="../screens/id_card.py" line="123"/>
        <source>1. Put your ID card flat on the reader.
2. Type the last 6 digits of your ID number.
3. Tap “Read my card” and keep the card still.</source>
        <translation>1. Đặt thẻ căn cước nằm phẳng trên đầu đọc.
2. Nhập 6 số cuối của số định danh.
3. Chạm “Đọc thẻ” và giữ yên thẻ.</translation>
    </message>
    <message>
        <location filename="../screens/id_card.py" line="130"/>
        <source>Read my card</source>
        <translation>Đọc thẻ</translation>
    </message>
    <message>
        <location filename="../screens/id_card.py" line="131"/>
        <source>Digits entered</source>
        <translation>Các số đã nhập</translation>
    </message>
    <message>
        <location filename="../screens/id_card.py" line="138"/>
        <source>No card was found, or it moved. Lay it flat on the reader, keep it still and try again.</source>
        <translation>Không thấy thẻ, hoặc thẻ bị xê dịch. Ông/Bà đặt thẻ nằm phẳng trên đầu đọc, giữ yên và thử lại.</translation>
    </message>
    <message>
        <location filename="../screens/id_card.py" line="145"/>
        <source>The card&apos;s data could not be verified; the kiosk will not use it.</source>
        <translation>Không xác thực được dữ liệu trên thẻ; máy sẽ không dùng dữ liệu này.</translation>
    </message>
    <message>
        <location filename="../screens/id_card.py" line="183"/>
        <source>The card did not accept these 6 digits. Check the last 6 digits of your ID number. Tries left: {left}.</source>
        <translation>Thẻ không chấp nhận 6 chữ số này. Ông/Bà xem lại 6 số cuối của số định danh. Còn {left} lần thử.</translation>
    </message>
    <message>
        <location filename="../screens/id_card.py" line="173"/>
        <source>Opening the card&apos;s chip… please keep the card still.</source>
        <translation>Đang mở chip của thẻ… Ông/Bà vui lòng giữ yên thẻ.</translation>
    </message>
    <message>
        <location filename="../screens/id_card.py" line="174"/>
        <source>Reading the card… please keep it still.</source>
        <translation>Đang đọc thẻ… xin giữ yên thẻ.</translation>
    </message>
    <message>
        <location filename="../screens/id_card.py" line="175"/>
        <source>Checking the issuing authority&apos;s signature…</source>
        <translation>Đang kiểm tra chữ ký của cơ quan cấp thẻ…</translation>
    </message>
    <message>
        <location filename="../screens/id_card.py" line="181"/>
        <source>The card did not accept these digits again.</source>
        <translation>Thẻ vẫn không chấp nhận các chữ số này.</translation>
    </message>
    <message>
        <location filename="../screens/id_card.py" line="154"/>
        <source>The card could not be read. Check the 6 digits and try again, or ask at the counter.</source>
        <translation>Không đọc được thẻ. Kiểm tra lại 6 số rồi thử lại, hoặc hỏi tại quầy.</translation>
    </message>
</context>
<context>
    <name>IdConsent</name>
    <message>
        <location filename="../screens/id_consent.py" line="61"/>
        <source>Use the details on your ID card?</source>
        <translation>Sử dụng thông tin trên thẻ căn cước của Ông/Bà?</translation>
    </message>
    <message>
        <location filename="../screens/id_consent.py" line="64"/>
        <source>{name}, ID number ending {last}</source>
        <translation>{name}, số định danh có 4 số cuối {last}</translation>
    </message>
    <message>
        <location filename="../screens/id_consent.py" line="69"/>
        <source>✓ Read from the chip and checked against the issuing authority&apos;s signature.</source>
        <translation>✓ Đọc từ chip và đã đối chiếu chữ ký của cơ quan cấp thẻ.</translation>
    </message>
    <message>
        <location filename="../screens/id_consent.py" line="73"/>
        <source>Read from the QR code, which cannot be checked.</source>
        <translation>Đọc từ mã QR, loại mã không thể xác thực.</translation>
    </message>
    <message>
        <location filename="../screens/id_consent.py" line="76"/>
        <source>The kiosk uses them only during this visit: to fill in forms and, if the card&apos;s chip was read, to ask the city which of your papers it already holds. It forgets them when you finish.</source>
        <translation>Máy chỉ dùng các thông tin này trong lượt làm việc này: để điền biểu mẫu và, nếu đã đọc chip của thẻ, để hỏi Thành phố những giấy tờ nào của Ông/Bà đã được lưu. Máy sẽ xóa khi Ông/Bà kết thúc.</translation>
    </message>
    <message>
        <location filename="../screens/id_consent.py" line="83"/>
        <source>Yes, use them</source>
        <translation>Đồng ý sử dụng</translation>
    </message>
    <message>
        <location filename="../screens/id_consent.py" line="84"/>
        <source>No, thank you</source>
        <translation>Không, cảm ơn</translation>
    </message>
</context>
<context>
    <name>IdleWarning</name>
    <message>
        <location filename="../idle_warning.py" line="47"/>
        <source>Your session will end in {seconds} seconds and what you entered will be deleted.</source>
        <translation>Phiên làm việc sẽ kết thúc sau {seconds} giây và thông tin Ông/Bà đã nhập sẽ bị xóa.</translation>
    </message>
    <message>
        <location filename="../idle_warning.py" line="54"/>
        <source>Do you need more time?</source>
        <translation>Ông/Bà có cần thêm thời gian không?</translation>
    </message>
    <message>
        <location filename="../idle_warning.py" line="55"/>
        <source>Yes, I need more time</source>
        <translation>Có, tôi cần thêm thời gian</translation>
    </message>
    <message>
        <location filename="../idle_warning.py" line="56"/>
        <source>No, finish now</source>
        <translation>Không, kết thúc ngay</translation>
    </message>
</context>
<context>
    <name>Keys</name>
    <message>
        <location filename="../widgets/keypad.py" line="53"/>
        <source>Delete the last character</source>
        <translation>Xóa ký tự cuối</translation>
    </message>
    <message>
        <location filename="../widgets/keypad.py" line="65"/>
        <source>Clear</source>
        <translation>Xóa hết</translation>
    </message>
    <message>
        <location filename="../widgets/keypad.py" line="67"/>
        <source>Space</source>
        <translation>Dấu cách</translation>
    </message>
</context>
<context>
    <name>LicenceCheck</name>
    <message>
        <location filename="../screens/licence_check.py" line="84"/>
        <source>Check an electronic licence</source>
        <translation>Kiểm tra giấy phép điện tử</translation>
    </message>
    <message>
        <location filename="../screens/licence_check.py" line="87"/>
        <source>Checking…</source>
        <translation>Đang kiểm tra…</translation>
    </message>
    <message>
        <location filename="../screens/licence_check.py" line="90"/>
        <source>Hold the QR code of the electronic licence under the scanner. The kiosk checks that the issuing agency signed it and whether it is still valid.</source>
        <translation>Đưa mã QR của giấy phép điện tử vào máy quét. Máy kiểm tra chữ ký của cơ quan cấp và giấy phép còn hiệu lực hay không.</translation>
    </message>
    <message>
        <location filename="../screens/licence_check.py" line="97"/>
        <source>Scan another QR code to check it.</source>
        <translation>Quét mã QR khác để kiểm tra tiếp.</translation>
    </message>
    <message>
        <location filename="../screens/licence_check.py" line="109"/>
        <source>Not a genuine e-licence</source>
        <translation>Không phải giấy phép điện tử hợp lệ</translation>
    </message>
    <message>
        <location filename="../screens/licence_check.py" line="112"/>
        <source>If you think this is a mistake, ask at the counter.</source>
        <translation>Nếu Ông/Bà cho rằng có nhầm lẫn, xin hỏi tại quầy.</translation>
    </message>
    <message>
        <location filename="../screens/licence_check.py" line="119"/>
        <source>Valid</source>
        <translation>Còn hiệu lực</translation>
    </message>
    <message>
        <location filename="../screens/licence_check.py" line="120"/>
        <source>Revoked</source>
        <translation>Đã bị thu hồi</translation>
    </message>
    <message>
        <location filename="../screens/licence_check.py" line="121"/>
        <source>Expired</source>
        <translation>Đã hết hạn</translation>
    </message>
    <message>
        <location filename="../screens/licence_check.py" line="122"/>
        <source>Genuine, status not known here</source>
        <translation>Chữ ký hợp lệ, chưa rõ tình trạng</translation>
    </message>
    <message>
        <location filename="../screens/licence_check.py" line="126"/>
        <source>Signed by the issuing agency and not revoked.</source>
        <translation>Có chữ ký của cơ quan cấp và chưa bị thu hồi.</translation>
    </message>
    <message>
        <location filename="../screens/licence_check.py" line="127"/>
        <source>The issuing agency has revoked this licence. It is no longer valid.</source>
        <translation>Cơ quan cấp đã thu hồi giấy phép này. Giấy phép không còn hiệu lực.</translation>
    </message>
    <message>
        <location filename="../screens/licence_check.py" line="130"/>
        <source>Its period of validity has ended.</source>
        <translation>Giấy phép đã hết thời hạn hiệu lực.</translation>
    </message>
    <message>
        <location filename="../screens/licence_check.py" line="131"/>
        <source>The signature is genuine, but the kiosk&apos;s data does not list this licence yet. The counter can check it online.</source>
        <translation>Chữ ký hợp lệ, nhưng dữ liệu của máy chưa có giấy phép này. Cán bộ tại quầy có thể kiểm tra trực tuyến.</translation>
    </message>
    <message>
        <location filename="../screens/licence_check.py" line="148"/>
        <source>Holder: {name}</source>
        <translation>Người được cấp: {name}</translation>
    </message>
    <message>
        <location filename="../screens/licence_check.py" line="149"/>
        <source>Licence number: {number}</source>
        <translation>Số giấy phép: {number}</translation>
    </message>
    <message>
        <location filename="../screens/licence_check.py" line="150"/>
        <source>Issued by: {agency}</source>
        <translation>Cơ quan cấp: {agency}</translation>
    </message>
    <message>
        <location filename="../screens/licence_check.py" line="153"/>
        <source>Valid from: {day}</source>
        <translation>Hiệu lực từ: {day}</translation>
    </message>
    <message>
        <location filename="../screens/licence_check.py" line="157"/>
        <source>Valid until: {day}</source>
        <translation>Hiệu lực đến: {day}</translation>
    </message>
    <message>
        <location filename="../screens/licence_check.py" line="167"/>
        <source>The kiosk has no licence status data yet: it can check signatures only.</source>
        <translation>Máy chưa có dữ liệu tình trạng giấy phép: chỉ kiểm tra được chữ ký.</translation>
    </message>
    <message>
        <location filename="../screens/licence_check.py" line="173"/>
        <source>Offline: licence status data from {time}.</source>
        <translation>Mất kết nối: dữ liệu tình trạng giấy phép lúc {time}.</translation>
    </message>
    <message>
        <location filename="../screens/licence_check.py" line="175"/>
        <source>Licence status data from {time} (not updated since).</source>
        <translation>Dữ liệu tình trạng giấy phép lúc {time} (chưa cập nhật từ đó).</translation>
    </message>
    <message>
        <location filename="../screens/licence_check.py" line="178"/>
        <source>Licence status data updated {time}.</source>
        <translation>Dữ liệu tình trạng giấy phép cập nhật lúc {time}.</translation>
    </message>
    <message>
        <location filename="../screens/licence_check.py" line="190"/>
        <source>This QR code is a web link to a licence page, not a signed e-licence: the kiosk cannot check it. The counter can.</source>
        <translation>Mã QR này là đường dẫn đến trang giấy phép, không phải giấy phép điện tử có chữ ký: máy không kiểm tra được. Cán bộ tại quầy có thể kiểm tra.</translation>
    </message>
    <message>
        <location filename="../screens/licence_check.py" line="196"/>
        <source>This QR code is not an electronic licence.</source>
        <translation>Mã QR này không phải giấy phép điện tử.</translation>
    </message>
    <message>
        <location filename="../screens/licence_check.py" line="198"/>
        <source>The QR code could not be read completely. Hold it flat and still, and try again.</source>
        <translation>Không đọc được trọn mã QR. Xin giữ phẳng, giữ yên rồi thử lại.</translation>
    </message>
    <message>
        <location filename="../screens/licence_check.py" line="202"/>
        <source>This kiosk has not received the issuing agencies&apos; keys yet, so it cannot check this.</source>
        <translation>Máy chưa nhận được khóa của các cơ quan cấp nên chưa kiểm tra được.</translation>
    </message>
    <message>
        <location filename="../screens/licence_check.py" line="207"/>
        <source>It was not signed by an issuing agency this kiosk knows.</source>
        <translation>Giấy phép không được ký bởi cơ quan cấp mà máy biết.</translation>
    </message>
    <message>
        <location filename="../screens/licence_check.py" line="209"/>
        <source>It was signed with a key that was not valid for signing.</source>
        <translation>Giấy phép được ký bằng khóa không còn hiệu lực để ký.</translation>
    </message>
    <message>
        <location filename="../screens/licence_check.py" line="211"/>
        <source>The signature does not match: the content was changed after signing.</source>
        <translation>Chữ ký không khớp: nội dung đã bị thay đổi sau khi ký.</translation>
    </message>
    <message>
        <location filename="../screens/licence_check.py" line="214"/>
        <source>Its content is not in the format of an electronic licence.</source>
        <translation>Nội dung không đúng định dạng giấy phép điện tử.</translation>
    </message>
</context>
<context>
    <name>NavigationBar</name>
    <message>
        <location filename="../chrome.py" line="173"/>
        <source>Home</source>
        <translation>Trang chính</translation>
    </message>
    <message>
        <location filename="../chrome.py" line="174"/>
        <source>Back</source>
        <translation>Quay lại</translation>
    </message>
    <message>
        <location filename="../chrome.py" line="175"/>
        <source>Finish</source>
        <translation>Kết thúc</translation>
    </message>
    <message>
        <location filename="../chrome.py" line="176"/>
        <source>Ask</source>
        <translation>Hỏi</translation>
    </message>
    <message>
        <location filename="../chrome.py" line="177"/>
        <source>Large text</source>
        <translation>Chữ to</translation>
    </message>
    <message>
        <location filename="../chrome.py" line="178"/>
        <source>High contrast</source>
        <translation>Tương phản cao</translation>
    </message>
    <message>
        <location filename="../chrome.py" line="179"/>
        <source>Read aloud</source>
        <translation>Đọc to</translation>
    </message>
</context>
<context>
    <name>PinScreen</name>
    <message>
        <location filename="../screens/pin.py" line="97"/>
        <source>Too many wrong PINs. The pad is locked for {minutes} min.</source>
        <translation>Nhập sai mã PIN quá nhiều lần. Bàn phím bị khóa trong {minutes} phút.</translation>
    </message>
    <message>
        <location filename="../screens/pin.py" line="99"/>
        <source>Wrong PIN. {attempts} tries left.</source>
        <translation>Sai mã PIN. Còn {attempts} lần thử.</translation>
    </message>
    <message>
        <location filename="../screens/pin.py" line="105"/>
        <source>Staff PIN</source>
        <translation>Mã PIN nhân viên</translation>
    </message>
    <message>
        <location filename="../screens/pin.py" line="106"/>
        <source>Enter</source>
        <translation>Xác nhận</translation>
    </message>
    <message>
        <location filename="../screens/pin.py" line="107"/>
        <source>PIN digits entered</source>
        <translation>Các số PIN đã nhập</translation>
    </message>
</context>
<context>
    <name>ProcedureFlow</name>
    <message>
        <location filename="../screens/procedure_flow.py" line="112"/>
        <source>Sample information: please confirm the details at the counter.</source>
        <translation>Thông tin mẫu: vui lòng xác nhận lại tại quầy.</translation>
    </message>
    <message>
        <location filename="../screens/procedure_flow.py" line="119"/>
        <source>Time</source>
        <translation>Thời gian</translation>
    </message>
    <message>
        <location filename="../screens/procedure_flow.py" line="120"/>
        <source>Fee</source>
        <translation>Lệ phí</translation>
    </message>
    <message>
        <location filename="../screens/procedure_flow.py" line="122"/>
        <source>Where</source>
        <translation>Nơi nộp</translation>
    </message>
    <message>
        <location filename="../screens/procedure_flow.py" line="127"/>
        <source>How</source>
        <translation>Cách nộp</translation>
    </message>
    <message>
        <location filename="../screens/procedure_flow.py" line="138"/>
        <source>Answer a few questions to get the list of papers you need.</source>
        <translation>Trả lời vài câu hỏi để nhận danh sách giấy tờ cần mang.</translation>
    </message>
    <message>
        <location filename="../screens/procedure_flow.py" line="140"/>
        <source>Start</source>
        <translation>Bắt đầu</translation>
    </message>
    <message>
        <location filename="../screens/procedure_flow.py" line="142"/>
        <source>No questions: your list of papers is ready.</source>
        <translation>Không cần trả lời câu hỏi: danh sách giấy tờ đã sẵn sàng.</translation>
    </message>
    <message>
        <location filename="../screens/procedure_flow.py" line="143"/>
        <source>See what to bring</source>
        <translation>Xem giấy tờ cần mang</translation>
    </message>
</context>
<context>
    <name>ProceduresScreen</name>
    <message>
        <location filename="../screens/procedures.py" line="82"/>
        <source>Administrative procedures</source>
        <translation>Thủ tục hành chính</translation>
    </message>
    <message>
        <location filename="../screens/procedures.py" line="83"/>
        <source>Search for a procedure by name</source>
        <translation>Tìm thủ tục theo tên</translation>
    </message>
</context>
<context>
    <name>QuestionScreen</name>
    <message>
        <location filename="../screens/procedure_flow.py" line="238"/>
        <source>{procedure} · step {number} of {total}</source>
        <translation>{procedure} · bước {number}/{total}</translation>
    </message>
    <message>
        <location filename="../screens/procedure_flow.py" line="254"/>
        <source>I understand, continue</source>
        <translation>Tôi đã hiểu, tiếp tục</translation>
    </message>
    <message>
        <location filename="../screens/procedure_flow.py" line="270"/>
        <source>Yes</source>
        <translation>Có</translation>
    </message>
    <message>
        <location filename="../screens/procedure_flow.py" line="271"/>
        <source>No</source>
        <translation>Không</translation>
    </message>
    <message>
        <location filename="../screens/procedure_flow.py" line="335"/>
        <source>Continue</source>
        <translation>Tiếp tục</translation>
    </message>
    <message>
        <location filename="../screens/procedure_flow.py" line="337"/>
        <source>Enter a number from {low} to {high}</source>
        <translation>Nhập số từ {low} đến {high}</translation>
    </message>
</context>
<context>
    <name>QueueScreen</name>
    <message>
        <location filename="../screens/queue.py" line="300"/>
        <source>Priority lane</source>
        <translation>Luồng ưu tiên</translation>
    </message>
    <message>
        <location filename="../screens/queue.py" line="303"/>
        <source>Appointment at {time}</source>
        <translation>Lịch hẹn lúc {time}</translation>
    </message>
    <message>
        <location filename="../screens/queue.py" line="336"/>
        <source>Take a queue number</source>
        <translation>Lấy số thứ tự</translation>
    </message>
    <message>
        <location filename="../screens/queue.py" line="392"/>
        <source>Counter {number}: {name}</source>
        <translation>Quầy số {number}: {name}</translation>
    </message>
    <message>
        <location filename="../screens/queue.py" line="347"/>
        <source>Standard</source>
        <translation>Thông thường</translation>
    </message>
    <message>
        <location filename="../screens/queue.py" line="284"/>
        <source>The printer cannot print a copy now. Your number stays on this screen.</source>
        <translation>Máy in hiện không in lại được. Số của Ông/Bà vẫn hiện trên màn hình này.</translation>
    </message>
    <message>
        <location filename="../screens/queue.py" line="343"/>
        <source>Counter {number}</source>
        <translation>Quầy số {number}</translation>
    </message>
    <message>
        <location filename="../screens/queue.py" line="348"/>
        <source>Priority</source>
        <translation>Ưu tiên</translation>
    </message>
    <message>
        <location filename="../screens/queue.py" line="350"/>
        <source>I booked an appointment</source>
        <translation>Tôi đã đặt lịch hẹn</translation>
    </message>
    <message>
        <location filename="../screens/queue.py" line="351"/>
        <source>Booking code, e.g. LH261202015</source>
        <translation>Mã lịch hẹn, ví dụ LH261202015</translation>
    </message>
    <message>
        <location filename="../screens/queue.py" line="352"/>
        <source>Booking code</source>
        <translation>Mã lịch hẹn</translation>
    </message>
    <message>
        <location filename="../screens/queue.py" line="353"/>
        <source>Keep my number on screen</source>
        <translation>Giữ số trên màn hình</translation>
    </message>
    <message>
        <location filename="../screens/queue.py" line="354"/>
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
    <message>
        <location filename="../screens/queue.py" line="355"/>
        <source>Print it again</source>
        <translation>In lại</translation>
    </message>
    <message>
        <location filename="../screens/queue.py" line="356"/>
        <source>Done</source>
        <translation>Xong</translation>
    </message>
    <message>
        <location filename="../screens/queue.py" line="359"/>
        <source>Check in</source>
        <translation>Xác nhận lịch hẹn</translation>
    </message>
    <message>
        <location filename="../screens/queue.py" line="362"/>
        <source>Take a number (shown on screen)</source>
        <translation>Lấy số (hiện trên màn hình)</translation>
    </message>
    <message>
        <location filename="../screens/queue.py" line="364"/>
        <source>Take a number</source>
        <translation>Lấy số</translation>
    </message>
    <message>
        <location filename="../screens/queue.py" line="367"/>
        <source>Choose the counter you need, then take a number.</source>
        <translation>Chọn quầy Ông/Bà cần, rồi lấy số.</translation>
    </message>
    <message>
        <location filename="../screens/queue.py" line="368"/>
        <source>Hold the QR code of your booking under the scanner, or type its code.</source>
        <translation>Đưa mã QR của lịch hẹn vào máy quét, hoặc nhập mã lịch hẹn.</translation>
    </message>
    <message>
        <location filename="../screens/queue.py" line="371"/>
        <source>Getting your number…</source>
        <translation>Đang lấy số…</translation>
    </message>
    <message>
        <location filename="../screens/queue.py" line="372"/>
        <source>The printer could not print your ticket. Keep your number on screen (take a photo of it), or cancel.</source>
        <translation>Máy in không in được phiếu. Ông/Bà có thể giữ số trên màn hình (chụp ảnh lại), hoặc hủy.</translation>
    </message>
    <message>
        <location filename="../screens/queue.py" line="377"/>
        <source>Printed. Please take your ticket below.</source>
        <translation>Đã in xong. Xin lấy phiếu ở khe bên dưới.</translation>
    </message>
    <message>
        <location filename="../screens/queue.py" line="379"/>
        <source>Your number. Show this screen, or a photo of it, at the counter.</source>
        <translation>Số của Ông/Bà. Xin đưa màn hình này, hoặc ảnh chụp, cho cán bộ tại quầy.</translation>
    </message>
    <message>
        <location filename="../screens/queue.py" line="399"/>
        <source>People before you: {count}</source>
        <translation>Số người trước Ông/Bà: {count}</translation>
    </message>
    <message>
        <location filename="../screens/queue.py" line="405"/>
        <source>people aged 60 and over</source>
        <translation>người từ 60 tuổi trở lên</translation>
    </message>
    <message>
        <location filename="../screens/queue.py" line="406"/>
        <source>people with disabilities</source>
        <translation>người khuyết tật</translation>
    </message>
    <message>
        <location filename="../screens/queue.py" line="407"/>
        <source>pregnant women</source>
        <translation>phụ nữ mang thai</translation>
    </message>
    <message>
        <location filename="../screens/queue.py" line="408"/>
        <source>people with a child under 6</source>
        <translation>người đi cùng trẻ dưới 6 tuổi</translation>
    </message>
    <message>
        <location filename="../screens/queue.py" line="413"/>
        <source>Priority is for {groups}.</source>
        <translation>Ưu tiên dành cho {groups}.</translation>
    </message>
    <message>
        <location filename="../screens/queue.py" line="419"/>
        <source>This kiosk has given out all the numbers it can while offline.</source>
        <translation>Máy đã phát hết số được phép khi mất kết nối.</translation>
    </message>
    <message>
        <location filename="../screens/queue.py" line="424"/>
        <source>Queue numbers cannot be given out here right now.</source>
        <translation>Hiện máy chưa phát được số thứ tự.</translation>
    </message>
    <message>
        <location filename="../screens/queue.py" line="427"/>
        <source>No booking has this code. Check it and try again.</source>
        <translation>Không có lịch hẹn nào với mã này. Xin kiểm tra lại.</translation>
    </message>
    <message>
        <location filename="../screens/queue.py" line="428"/>
        <source>This booking is for another day.</source>
        <translation>Lịch hẹn này dành cho ngày khác.</translation>
    </message>
    <message>
        <location filename="../screens/queue.py" line="431"/>
        <source>The time of this booking has passed.</source>
        <translation>Đã quá giờ của lịch hẹn này.</translation>
    </message>
    <message>
        <location filename="../screens/queue.py" line="434"/>
        <source>A booking code looks like LH261202015.</source>
        <translation>Mã lịch hẹn có dạng LH261202015.</translation>
    </message>
</context>
<context>
    <name>RatingScreen</name>
    <message>
        <location filename="../screens/rating.py" line="158"/>
        <source>How was your visit?</source>
        <translation>Ông/Bà thấy lượt làm việc hôm nay thế nào?</translation>
    </message>
    <message>
        <location filename="../screens/rating.py" line="160"/>
        <source>Tap a face. Your answer is anonymous and helps the centre improve.</source>
        <translation>Chạm vào một khuôn mặt. Câu trả lời không ghi danh và giúp trung tâm phục vụ tốt hơn.</translation>
    </message>
    <message>
        <location filename="../screens/rating.py" line="163"/>
        <source>Very satisfied</source>
        <translation>Rất hài lòng</translation>
    </message>
    <message>
        <location filename="../screens/rating.py" line="164"/>
        <source>Satisfied</source>
        <translation>Hài lòng</translation>
    </message>
    <message>
        <location filename="../screens/rating.py" line="165"/>
        <source>Not satisfied</source>
        <translation>Không hài lòng</translation>
    </message>
    <message>
        <location filename="../screens/rating.py" line="170"/>
        <source>It was quick</source>
        <translation>Nhanh chóng</translation>
    </message>
    <message>
        <location filename="../screens/rating.py" line="171"/>
        <source>Staff were helpful</source>
        <translation>Cán bộ hỗ trợ tận tình</translation>
    </message>
    <message>
        <location filename="../screens/rating.py" line="172"/>
        <source>The kiosk was easy</source>
        <translation>Máy dễ sử dụng</translation>
    </message>
    <message>
        <location filename="../screens/rating.py" line="173"/>
        <source>I waited too long</source>
        <translation>Phải chờ quá lâu</translation>
    </message>
    <message>
        <location filename="../screens/rating.py" line="174"/>
        <source>The procedure was unclear</source>
        <translation>Thủ tục chưa rõ ràng</translation>
    </message>
    <message>
        <location filename="../screens/rating.py" line="175"/>
        <source>The kiosk was hard to use</source>
        <translation>Máy khó sử dụng</translation>
    </message>
    <message>
        <location filename="../screens/rating.py" line="179"/>
        <source>Anything to add? (optional)</source>
        <translation>Ông/Bà muốn góp ý thêm? (không bắt buộc)</translation>
    </message>
    <message>
        <location filename="../screens/rating.py" line="180"/>
        <source>Finish without rating</source>
        <translation>Kết thúc, không đánh giá</translation>
    </message>
    <message>
        <location filename="../screens/rating.py" line="181"/>
        <source>Send and finish</source>
        <translation>Gửi và kết thúc</translation>
    </message>
</context>
<context>
    <name>ScanRouter</name>
    <message>
        <location filename="../scan_router.py" line="38"/>
        <source>The kiosk cannot read that code. It reads the QR codes on appointment slips, citizen ID cards and electronic licences.</source>
        <translation>Máy không đọc được mã này. Máy đọc mã QR trên giấy hẹn trả kết quả, thẻ căn cước và giấy phép điện tử.</translation>
    </message>
</context>
<context>
    <name>SearchScreen</name>
    <message>
        <location filename="../screens/procedures.py" line="289"/>
        <source>Search for a procedure</source>
        <translation>Tìm thủ tục</translation>
    </message>
    <message>
        <location filename="../screens/procedures.py" line="290"/>
        <source>For example: khai sinh, kết hôn, sao y</source>
        <translation>Ví dụ: khai sinh, kết hôn, sao y</translation>
    </message>
    <message>
        <location filename="../screens/procedures.py" line="291"/>
        <source>Words to search for</source>
        <translation>Từ cần tìm</translation>
    </message>
    <message>
        <location filename="../screens/procedures.py" line="293"/>
        <source>No procedure matches. Try other words, or browse the categories.</source>
        <translation>Không tìm thấy thủ tục. Hãy thử từ khác hoặc xem theo lĩnh vực.</translation>
    </message>
</context>
<context>
    <name>StaffEditor</name>
    <message>
        <location filename="../screens/staff_editor.py" line="321"/>
        <source>Could not finish ({reason}); your edit is kept. Try again.</source>
        <translation>Chưa làm xong được ({reason}); nội dung đang sửa vẫn được giữ. Xin thử lại.</translation>
    </message>
    <message>
        <location filename="../screens/staff_editor.py" line="349"/>
        <source>No problems found. Preview it, then publish.</source>
        <translation>Không có lỗi. Hãy xem trước rồi xuất bản.</translation>
    </message>
    <message>
        <location filename="../screens/staff_editor.py" line="350"/>
        <source>Published. Citizens see the new version now.</source>
        <translation>Đã xuất bản. Người dân đang thấy phiên bản mới.</translation>
    </message>
    <message>
        <location filename="../screens/staff_editor.py" line="351"/>
        <source>The previous version is back in service.</source>
        <translation>Đã khôi phục phiên bản trước.</translation>
    </message>
    <message>
        <location filename="../screens/staff_editor.py" line="355"/>
        <source>Edit the texts and numbers below, or switch to the raw text.</source>
        <translation>Sửa chữ và số bên dưới, hoặc chuyển sang sửa văn bản gốc.</translation>
    </message>
    <message>
        <location filename="../screens/staff_editor.py" line="358"/>
        <source>Earlier versions kept: {n}.</source>
        <translation>Số phiên bản cũ đang lưu: {n}.</translation>
    </message>
    <message>
        <location filename="../screens/staff_editor.py" line="361"/>
        <source>Edit as form</source>
        <translation>Sửa theo biểu mẫu</translation>
    </message>
    <message>
        <location filename="../screens/staff_editor.py" line="363"/>
        <source>Edit raw text</source>
        <translation>Sửa văn bản gốc</translation>
    </message>
    <message>
        <location filename="../screens/staff_editor.py" line="365"/>
        <source>Check</source>
        <translation>Kiểm tra</translation>
    </message>
    <message>
        <location filename="../screens/staff_editor.py" line="366"/>
        <source>Preview as a citizen</source>
        <translation>Xem như người dân</translation>
    </message>
    <message>
        <location filename="../screens/staff_editor.py" line="367"/>
        <source>Publish</source>
        <translation>Xuất bản</translation>
    </message>
    <message>
        <location filename="../screens/staff_editor.py" line="368"/>
        <source>Roll back</source>
        <translation>Khôi phục bản trước</translation>
    </message>
    <message>
        <location filename="../screens/staff_editor.py" line="376"/>
        <source>name</source>
        <translation>tên</translation>
    </message>
    <message>
        <location filename="../screens/staff_editor.py" line="377"/>
        <source>summary</source>
        <translation>tóm tắt</translation>
    </message>
    <message>
        <location filename="../screens/staff_editor.py" line="378"/>
        <source>sector</source>
        <translation>lĩnh vực</translation>
    </message>
    <message>
        <location filename="../screens/staff_editor.py" line="379"/>
        <source>agency</source>
        <translation>cơ quan</translation>
    </message>
    <message>
        <location filename="../screens/staff_editor.py" line="380"/>
        <source>result</source>
        <translation>kết quả</translation>
    </message>
    <message>
        <location filename="../screens/staff_editor.py" line="381"/>
        <source>processing</source>
        <translation>thời gian giải quyết</translation>
    </message>
    <message>
        <location filename="../screens/staff_editor.py" line="382"/>
        <source>steps</source>
        <translation>các bước</translation>
    </message>
    <message>
        <location filename="../screens/staff_editor.py" line="383"/>
        <source>documents</source>
        <translation>giấy tờ</translation>
    </message>
    <message>
        <location filename="../screens/staff_editor.py" line="384"/>
        <source>fees</source>
        <translation>lệ phí</translation>
    </message>
    <message>
        <location filename="../screens/staff_editor.py" line="385"/>
        <source>question</source>
        <translation>câu hỏi</translation>
    </message>
    <message>
        <location filename="../screens/staff_editor.py" line="386"/>
        <source>text</source>
        <translation>nội dung</translation>
    </message>
    <message>
        <location filename="../screens/staff_editor.py" line="387"/>
        <source>help</source>
        <translation>giải thích</translation>
    </message>
    <message>
        <location filename="../screens/staff_editor.py" line="388"/>
        <source>options</source>
        <translation>lựa chọn</translation>
    </message>
    <message>
        <location filename="../screens/staff_editor.py" line="389"/>
        <source>label</source>
        <translation>nhãn</translation>
    </message>
    <message>
        <location filename="../screens/staff_editor.py" line="390"/>
        <source>note</source>
        <translation>ghi chú</translation>
    </message>
    <message>
        <location filename="../screens/staff_editor.py" line="391"/>
        <source>unit</source>
        <translation>đơn vị</translation>
    </message>
    <message>
        <location filename="../screens/staff_editor.py" line="392"/>
        <source>amount</source>
        <translation>số tiền</translation>
    </message>
    <message>
        <location filename="../screens/staff_editor.py" line="393"/>
        <source>originals</source>
        <translation>số bản chính</translation>
    </message>
    <message>
        <location filename="../screens/staff_editor.py" line="394"/>
        <source>copies</source>
        <translation>số bản sao</translation>
    </message>
    <message>
        <location filename="../screens/staff_editor.py" line="395"/>
        <source>working days</source>
        <translation>số ngày làm việc</translation>
    </message>
    <message>
        <location filename="../screens/staff_editor.py" line="396"/>
        <source>extendable to</source>
        <translation>có thể kéo dài đến</translation>
    </message>
    <message>
        <location filename="../screens/staff_editor.py" line="397"/>
        <source>counter</source>
        <translation>quầy</translation>
    </message>
    <message>
        <location filename="../screens/staff_editor.py" line="398"/>
        <source>smallest</source>
        <translation>nhỏ nhất</translation>
    </message>
    <message>
        <location filename="../screens/staff_editor.py" line="399"/>
        <source>largest</source>
        <translation>lớn nhất</translation>
    </message>
    <message>
        <location filename="../screens/staff_editor.py" line="400"/>
        <source>each</source>
        <translation>mỗi</translation>
    </message>
    <message>
        <location filename="../screens/staff_editor.py" line="401"/>
        <source>first</source>
        <translation>đầu tiên</translation>
    </message>
    <message>
        <location filename="../screens/staff_editor.py" line="402"/>
        <source>at most</source>
        <translation>tối đa</translation>
    </message>
    <message>
        <location filename="../screens/staff_editor.py" line="403"/>
        <source>Vietnamese</source>
        <translation>tiếng Việt</translation>
    </message>
    <message>
        <location filename="../screens/staff_editor.py" line="404"/>
        <source>English</source>
        <translation>tiếng Anh</translation>
    </message>
</context>
<context>
    <name>StaffScreen</name>
    <message>
        <location filename="../screens/staff_editor.py" line="83"/>
        <source>Procedure scripts</source>
        <translation>Kịch bản thủ tục</translation>
    </message>
    <message>
        <location filename="../screens/staff_editor.py" line="86"/>
        <source>{count} scripts, {problems} with problems. Tap a script to edit it.</source>
        <translation>{count} kịch bản, {problems} kịch bản có lỗi. Chạm vào một kịch bản để sửa.</translation>
    </message>
    <message>
        <location filename="../screens/staff_editor.py" line="90"/>
        <source>Reload scripts from disk</source>
        <translation>Nạp lại kịch bản</translation>
    </message>
    <message>
        <location filename="../screens/staff_editor.py" line="91"/>
        <source>Back to citizen mode</source>
        <translation>Về chế độ người dân</translation>
    </message>
    <message>
        <location filename="../screens/staff_editor.py" line="97"/>
        <source>Valid, in service</source>
        <translation>Hợp lệ, đang sử dụng</translation>
    </message>
    <message>
        <location filename="../screens/staff_editor.py" line="99"/>
        <source>{n} problem(s); the last good version is serving</source>
        <translation>{n} lỗi; đang dùng phiên bản hợp lệ gần nhất</translation>
    </message>
    <message>
        <location filename="../screens/staff_editor.py" line="103"/>
        <source>{n} problem(s); not shown to citizens</source>
        <translation>{n} lỗi; không hiển thị cho người dân</translation>
    </message>
</context>
<context>
    <name>TechnicianScreen</name>
    <message>
        <location filename="../screens/staff.py" line="85"/>
        <source>ok</source>
        <translation>tốt</translation>
    </message>
    <message>
        <location filename="../screens/staff.py" line="87"/>
        <source>was damaged; a fresh store was made, the old one kept at {path}</source>
        <translation>đã bị hỏng; đã tạo kho mới, kho cũ được giữ tại {path}</translation>
    </message>
    <message>
        <location filename="../screens/staff.py" line="94"/>
        <source>Software</source>
        <translation>Phần mềm</translation>
    </message>
    <message>
        <location filename="../screens/staff.py" line="97"/>
        <source>Kiosk</source>
        <translation>Máy kiosk</translation>
    </message>
    <message>
        <location filename="../screens/staff.py" line="98"/>
        <source>Site file</source>
        <translation>Tệp cấu hình điểm</translation>
    </message>
    <message>
        <location filename="../screens/staff.py" line="99"/>
        <source>Run mode</source>
        <translation>Chế độ chạy</translation>
    </message>
    <message>
        <location filename="../screens/staff.py" line="100"/>
        <source>Local store</source>
        <translation>Kho dữ liệu cục bộ</translation>
    </message>
    <message>
        <location filename="../screens/staff.py" line="101"/>
        <source>Visits recorded</source>
        <translation>Số lượt phục vụ đã ghi</translation>
    </message>
    <message>
        <location filename="../screens/staff.py" line="102"/>
        <source>Log file</source>
        <translation>Tệp nhật ký</translation>
    </message>
    <message>
        <location filename="../screens/staff.py" line="103"/>
        <source>Backend</source>
        <translation>Máy chủ</translation>
    </message>
    <message>
        <location filename="../screens/staff.py" line="105"/>
        <source>E-licence data</source>
        <translation>Dữ liệu giấy phép điện tử</translation>
    </message>
    <message>
        <location filename="../screens/staff.py" line="106"/>
        <source>{count} licences, {keys} signing keys, complete as of {when}</source>
        <translation>{count} giấy phép, {keys} khóa ký, đầy đủ đến {when}</translation>
    </message>
    <message>
        <location filename="../screens/staff.py" line="111"/>
        <source>Events to send</source>
        <translation>Sự kiện chờ gửi</translation>
    </message>
    <message>
        <location filename="../screens/staff.py" line="112"/>
        <source>{pending} waiting, {dead} refused by the backend</source>
        <translation>{pending} đang chờ, {dead} bị máy chủ từ chối</translation>
    </message>
    <message>
        <location filename="../screens/staff.py" line="121"/>
        <source>not in use: no credential (the file in backend.token_file)</source>
        <translation>chưa dùng được: máy chưa có khóa truy cập (tệp ghi ở backend.token_file)</translation>
    </message>
    <message>
        <location filename="../screens/staff.py" line="124"/>
        <source>not in use, a setting is wrong: {reason}</source>
        <translation>chưa dùng được, một thiết lập bị sai: {reason}</translation>
    </message>
    <message>
        <location filename="../screens/staff.py" line="128"/>
        <source>not contacted yet</source>
        <translation>chưa liên lạc</translation>
    </message>
    <message>
        <location filename="../screens/staff.py" line="130"/>
        <source>answering</source>
        <translation>đang trả lời</translation>
    </message>
    <message>
        <location filename="../screens/staff.py" line="131"/>
        <source>not answering; the kiosk serves from its store</source>
        <translation>không trả lời; máy phục vụ từ dữ liệu lưu sẵn</translation>
    </message>
    <message>
        <location filename="../screens/staff.py" line="134"/>
        <source>Technician area</source>
        <translation>Khu vực kỹ thuật</translation>
    </message>
    <message>
        <location filename="../screens/staff.py" line="135"/>
        <source>Back to citizen mode</source>
        <translation>Về chế độ người dân</translation>
    </message>
    <message>
        <location filename="../screens/staff.py" line="136"/>
        <source>Exit kiosk mode</source>
        <translation>Thoát chế độ kiosk</translation>
    </message>
    <message>
        <location filename="../screens/staff.py" line="137"/>
        <source>Devices</source>
        <translation>Thiết bị</translation>
    </message>
    <message>
        <location filename="../screens/staff.py" line="138"/>
        <source>Check again</source>
        <translation>Kiểm tra lại</translation>
    </message>
    <message>
        <location filename="../screens/staff.py" line="139"/>
        <source>Print a test page</source>
        <translation>In trang thử</translation>
    </message>
    <message>
        <location filename="../screens/staff.py" line="140"/>
        <source>Say a test sentence</source>
        <translation>Đọc thử một câu</translation>
    </message>
    <message>
        <location filename="../screens/staff.py" line="141"/>
        <source>Test the microphone</source>
        <translation>Thử micrô</translation>
    </message>
    <message>
        <location filename="../screens/staff.py" line="143"/>
        <source>Scan any code now to test the scanner.</source>
        <translation>Quét một mã bất kỳ để thử máy quét.</translation>
    </message>
    <message>
        <location filename="../screens/staff.py" line="165"/>
        <source>Checking…</source>
        <translation>Đang kiểm tra…</translation>
    </message>
    <message>
        <location filename="../screens/staff.py" line="170"/>
        <source>No devices are configured.</source>
        <translation>Chưa cấu hình thiết bị nào.</translation>
    </message>
    <message>
        <location filename="../screens/staff.py" line="173"/>
        <source>Printer</source>
        <translation>Máy in</translation>
    </message>
    <message>
        <location filename="../screens/staff.py" line="174"/>
        <source>Scanner</source>
        <translation>Máy quét</translation>
    </message>
    <message>
        <location filename="../screens/staff.py" line="175"/>
        <source>ID-card reader</source>
        <translation>Đầu đọc thẻ căn cước</translation>
    </message>
    <message>
        <location filename="../screens/staff.py" line="176"/>
        <source>Microphone</source>
        <translation>Micrô</translation>
    </message>
    <message>
        <location filename="../screens/staff.py" line="177"/>
        <source>Speech output</source>
        <translation>Loa (giọng đọc)</translation>
    </message>
    <message>
        <location filename="../screens/staff.py" line="180"/>
        <source>working</source>
        <translation>hoạt động tốt</translation>
    </message>
    <message>
        <location filename="../screens/staff.py" line="181"/>
        <source>needs attention</source>
        <translation>cần kiểm tra</translation>
    </message>
    <message>
        <location filename="../screens/staff.py" line="182"/>
        <source>not working</source>
        <translation>không hoạt động</translation>
    </message>
    <message>
        <location filename="../screens/staff.py" line="192"/>
        <source>No printer is configured.</source>
        <translation>Chưa cấu hình máy in.</translation>
    </message>
    <message>
        <location filename="../screens/staff.py" line="200"/>
        <source>Test page printed.</source>
        <translation>Đã in trang thử.</translation>
    </message>
    <message>
        <location filename="../screens/staff.py" line="203"/>
        <source>The test page did not print: {reason}</source>
        <translation>Không in được trang thử: {reason}</translation>
    </message>
    <message>
        <location filename="../screens/staff.py" line="211"/>
        <source>Speaking a test sentence in Vietnamese.</source>
        <translation>Đang đọc thử một câu tiếng Việt.</translation>
    </message>
    <message>
        <location filename="../screens/staff.py" line="215"/>
        <source>No microphone is configured.</source>
        <translation>Chưa cấu hình micrô.</translation>
    </message>
    <message>
        <location filename="../screens/staff.py" line="218"/>
        <source>Listening for 3 seconds: say something.</source>
        <translation>Đang nghe trong 3 giây: hãy nói gì đó.</translation>
    </message>
    <message>
        <location filename="../screens/staff.py" line="225"/>
        <source>The microphone did not work: {reason}</source>
        <translation>Micrô không hoạt động: {reason}</translation>
    </message>
    <message>
        <location filename="../screens/staff.py" line="230"/>
        <source>The microphone heard almost nothing.</source>
        <translation>Micrô hầu như không nghe thấy gì.</translation>
    </message>
    <message>
        <location filename="../screens/staff.py" line="233"/>
        <source>The microphone works (loudest {percent} %).</source>
        <translation>Micrô hoạt động (to nhất {percent} %).</translation>
    </message>
    <message>
        <location filename="../screens/staff.py" line="241"/>
        <source>Last scan: {kind}, {length} characters</source>
        <translation>Lần quét gần nhất: {kind}, {length} ký tự</translation>
    </message>
    <message>
        <location filename="../screens/staff.py" line="250"/>
        <source>never</source>
        <translation>chưa bao giờ</translation>
    </message>
</context>
</TS>
